import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gossipTable } from '../../report/gossip-report.ts';
import { State } from './messages.ts';
import { scenarioCluster } from './test-cluster.ts';

/**
 * scenarios/gossip-partition.yaml: h1 to h20 of 200 hosts are cut off from 10 s to 40 s, long
 * enough for each side to declare the other dead (suspicion at N = 200 times out after
 * 4 × log10 200 × 1 s = 9.2 s at the earliest). With push/pull off, only NetworkDB's reconnect
 * loop can bring the sides together (ref §3.2): each host re-joins one random failed node every
 * second; the join's push/pull tells each side it is held dead, both refute with a higher
 * incarnation, and the refutations spread by gossip. The bound: every cross pair alive in
 * every view within 10 s of the heal. Without reconnects (and without push/pull) nothing ever
 * tells a side the other is back, so some cross pairs stay apart to the end of the run.
 */
const TEXT = readFileSync('scenarios/gossip-partition.yaml', 'utf8');
const HEAL_NS = 40e9;

function run(sets: string[]) {
  const { ctx, cluster, monitor, durationNs } = scenarioCluster(TEXT, ['gossip.memberlist.pushPullInterval=0s', ...sets]);
  ctx.scheduler.run({ untilNs: durationNs });
  const result = monitor.results(durationNs);
  const heal = result.events.find((e) => e.kind === 'partition-heal')!;
  /** Cross pairs (observer, subject on the other side) not alive in the observer's view now. */
  let apart = 0;
  const n = cluster.n;
  const cut = (h: number) => h < 20;
  for (let obs = 0; obs < n; obs++) for (let s = 0; s < n; s++) if (cut(obs) !== cut(s) && (cluster.view[obs * n + s]! & 7) !== State.Alive) apart++;
  return { heal, apart, row: gossipTable(result).rows.find((r) => r[1] === 'partition-heal')! };
}

describe('a 30-s partition of 20 of 200 hosts, push/pull off', () => {
  it('re-merges within 10 s of the heal by reconnect and bulk sync, and gossip.csv has the partition-heal row', () => {
    const { heal, apart, row } = run([]);
    expect(heal.startNs).toBe(HEAL_NS);
    expect(heal.shouldKnow).toBe(200);
    expect(heal.informed).toBe(200);
    expect(heal.reachNs[3]).toBeGreaterThan(0);
    expect(heal.reachNs[3]).toBeLessThan(10e9);
    expect(apart).toBe(0);
    expect(row.slice(0, 8)).toEqual([heal.event, 'partition-heal', 'partition 1 (20 hosts)', '', HEAL_NS, 200, 200, 'true']);
  });

  it('never re-merges without reconnects', () => {
    const { heal, apart } = run(['gossip.networkdb.reconnectInterval=0s']);
    expect(heal.reachNs[3]).toBeUndefined();
    expect(heal.informed).toBeLessThan(200);
    // Gossip to the recently dead (GossipToTheDeadTime, 30 s) still mends some pairs after the
    // heal; about half of the 2 × 20 × 180 = 7200 stay apart to the end (3684 with this seed).
    expect(apart).toBeGreaterThan(0);
  });
});
