import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../scenario/run.ts';
import type { GossipEventResult } from '../../stats/gossip-monitor.ts';
import { gossipConvergenceSpec } from './run-charts.ts';

/** A crash at 20 s of a 35 s run, first suspected after 2.4 s and known dead by all after 13.7 s. */
const crash: GossipEventResult = {
  event: 0,
  kind: 'crash',
  label: 'h17',
  network: '',
  startNs: 20e9,
  shouldKnow: 499,
  informed: 499,
  reachNs: [13.5e9, 13.6e9, 13.65e9, 13.7e9],
  firstDetectionNs: 2.4e9,
  // Samples at 200 ms ... 10 s all before it converged; 30 s and 60 s are past the end of the run.
  curve: [0, 0, 0, 0, 0, 0, undefined, undefined],
};

describe('the gossip convergence chart', () => {
  it('shows a crash that converged between two samples reaching 100 % at 13.7 s, not stuck at 0', () => {
    const result = { durationNs: 35e9, gossip: { events: [crash] } } as unknown as RunResult;
    const values = (gossipConvergenceSpec(result)?.data as { values: { kind: string; afterS: number; share: number }[] }).values;
    expect(values.at(-1)).toEqual({ kind: 'crash', afterS: 13.7, share: 1 });
    expect(values.find((v) => v.afterS === 10)?.share).toBe(0);
    expect(values.find((v) => v.afterS === 13.5)?.share).toBe(0.5);
    // Nothing is drawn past the 15 s the run lasted after the crash.
    expect(Math.max(...values.map((v) => v.afterS))).toBeLessThanOrEqual(15);
  });
});
