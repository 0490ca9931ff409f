import { describe, expect, it } from 'vitest';
import { State } from './messages.ts';
import { testCluster } from './test-cluster.ts';

/**
 * With RetransmitMult = 0 the transmit limit is 0: as in memberlist's queue, a message is handed
 * out once and then dropped, so each node that learns the news forwards it to one peer and the
 * chain stops at the first peer that already knew it; with push/pull off nothing repairs that.
 * The control run (RetransmitMult = 4) shows the same setup does spread, so the check can fail.
 */
function informedShare(retransmitMult: number): number {
  const n = 200;
  const { ctx, cluster } = testCluster(n, 3, { retransmitMult, pushPullIntervalNs: 0 });
  ctx.scheduler.run({ untilNs: 1e9 });
  cluster.agents[0]!.onSuspect(0, 0, 1, ctx.scheduler.nowNs);
  ctx.scheduler.run({ untilNs: 30e9 });
  let informed = 0;
  for (let obs = 0; obs < n; obs++) if ((cluster.view[obs * n]! & 7) === State.Alive && cluster.view[obs * n]! >>> 3 >= 1) informed++;
  return informed / n;
}

describe('RetransmitMult = 0 and no push/pull', () => {
  it('news does not spread (under a quarter of 200 nodes after 30 s); with RetransmitMult = 4 it reaches all', () => {
    expect(informedShare(0)).toBeLessThan(0.25);
    expect(informedShare(4)).toBe(1);
  });
});
