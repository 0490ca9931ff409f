import { describe, expect, it } from 'vitest';
import { MsgKind, State } from './messages.ts';
import { retransmitLimit } from './memberlist-formulas.ts';
import { testCluster } from './test-cluster.ts';

/**
 * memberlist's N behind the retransmit limit (and the suspicion and push/pull scaling) is
 * estNumNodes, the length of its member list, which keeps dead members until the end of the first
 * round of the probe list more than GossipToTheDeadTime (30 s) after the death (resetNodes, ref
 * §2.2). At N = 100, after one crash, the limit is therefore 4 × ⌈log10(100 + 1)⌉ = 12, not
 * 4 × ⌈log10(99 + 1)⌉ = 8. Every live member queues the dead message once (when it marks the node
 * dead, by its own timeout or by news) and hands it out until its limit, so each sends it exactly
 * 12 times. Once reaped (the probe list of 100 takes about 100 s a round), the count is 99.
 */
describe('after one death at N = 100', () => {
  it('the retransmit limit counts the dead member (12, not 8) until the probe round reaps it', () => {
    const crashed = 0;
    const { ctx, cluster } = testCluster(100, 77, { pushPullIntervalNs: 0 }, { events: [{ atNs: 1e9, kind: 'crash', hosts: [crashed] }] });
    const sends = new Int32Array(100);
    const send = cluster.sendUdp.bind(cluster);
    cluster.sendUdp = (p, category, nowNs) => {
      for (let i = 0; i < p.msgs.length; i++) {
        const m = p.msgs.at(i);
        if (m.kind === MsgKind.Dead && m.node === crashed) sends[p.from]!++;
      }
      send(p, category, nowNs);
    };
    ctx.scheduler.run({ untilNs: 60e9 });
    expect(retransmitLimit(4, 100)).toBe(12);
    expect(retransmitLimit(4, 99)).toBe(8);
    for (let h = 1; h < 100; h++) {
      expect(cluster.agents[h]!.viewState(crashed)).toBe(State.Dead);
      expect(cluster.agents[h]!.estNumNodes).toBe(100);
      expect(sends[h], `h${h + 1}`).toBe(12);
    }
    ctx.scheduler.run({ untilNs: 260e9 });
    for (let h = 1; h < 100; h++) {
      expect(cluster.agents[h]!.viewState(crashed)).toBe(State.Unknown);
      expect(cluster.agents[h]!.estNumNodes).toBe(99);
      // NetworkDB still lists it as failed, so the reconnect loop keeps trying it.
      expect(cluster.agents[h]!.failed.has(crashed)).toBe(true);
    }
  });
});
