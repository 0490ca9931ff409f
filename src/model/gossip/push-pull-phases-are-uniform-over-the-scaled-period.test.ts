import { afterEach, describe, expect, it, vi } from 'vitest';
import { AntiEntropy } from './anti-entropy.ts';
import { pushPullIntervalNs } from './memberlist-formulas.ts';
import { testCluster } from './test-cluster.ts';

/**
 * memberlist's pushPullTrigger (ref §2.1) waits a random stagger in [0, PushPullInterval), then
 * pushes and pulls every scaled interval. At N = 200 the scaled period is
 * (⌈log2 200 − log2 32⌉ + 1) × 30 s = 4 × 30 s = 120 s.
 *
 * - A cluster that has been running a while (the default) has its phases spread over the whole
 *   period: each host's first exchange is uniform in [0, 120 s).
 * - A cold start (every agent started at t = 0) puts each first exchange at stagger + 120 s, so
 *   uniform in [120 s, 150 s).
 *
 * Uniformity is a one-sample Kolmogorov–Smirnov test over the 200 hosts: D must stay below
 * 1.63/√200 = 0.115, the critical value at α = 0.01. Seeds are fixed, so the verdict is fixed; the
 * old schedule (every first exchange in [0, 30 s)) gives D = 0.75 against [0, 120 s).
 */
const N = 200;
const PERIOD_NS = pushPullIntervalNs(30e9, N);

function firstExchanges(coldStart: boolean): number[][] {
  const times = new Map<AntiEntropy, number[]>();
  const original = AntiEntropy.prototype.pushPull;
  vi.spyOn(AntiEntropy.prototype, 'pushPull').mockImplementation(function (this: AntiEntropy, nowNs: number) {
    const list = times.get(this) ?? [];
    list.push(nowNs);
    times.set(this, list);
    original.call(this, nowNs);
  });
  const { ctx, cluster } = testCluster(N, 31, {}, { coldStart });
  ctx.scheduler.run({ untilNs: 280e9 });
  return cluster.agents.map((a) => times.get(a.antiEntropy) ?? []);
}

/** Kolmogorov–Smirnov D of `xs` against the uniform distribution on [lo, hi). */
function ksUniform(xs: number[], lo: number, hi: number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => {
    const f = (x - lo) / (hi - lo);
    d = Math.max(d, (i + 1) / s.length - f, f - i / s.length);
  });
  return d;
}

afterEach(() => vi.restoreAllMocks());

describe('push/pull schedule', () => {
  it('of a running cluster: first exchanges uniform over the scaled period, then one every period', () => {
    expect(PERIOD_NS).toBe(120e9);
    const per = firstExchanges(false);
    const first = per.map((t) => t[0]!);
    expect(first.every((t) => t >= 0 && t < PERIOD_NS)).toBe(true);
    expect(ksUniform(first, 0, PERIOD_NS)).toBeLessThan(1.63 / Math.sqrt(N));
    // Every host has 200 members throughout, so the next exchanges follow exactly one period apart.
    for (const t of per) expect(t.slice(1)).toEqual(t.slice(1).map((_, i) => t[0]! + (i + 1) * PERIOD_NS));
  });

  it('of a cold start: first exchanges after a stagger in [0, 30 s) plus the scaled period', () => {
    const first = firstExchanges(true).map((t) => t[0]!);
    expect(first.every((t) => t >= PERIOD_NS && t < PERIOD_NS + 30e9)).toBe(true);
    expect(ksUniform(first, PERIOD_NS, PERIOD_NS + 30e9)).toBeLessThan(1.63 / Math.sqrt(N));
  });
});
