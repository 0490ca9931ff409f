import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/rng.ts';
import { DelayRecorder } from './delay-recorder.ts';

/** The exact p-th percentile: the ceil(p% × n)-th smallest value. */
function exact(sorted: readonly number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;
}

describe('delay percentiles', () => {
  it.each([
    ['exponential, mean 50 µs', (r: RandomStream) => Math.round(r.exponential(50_000))],
    ['uniform 0..300 ns (exact range)', (r: RandomStream) => r.int(300)],
    ['heavy tail up to seconds', (r: RandomStream) => Math.round(1000 * Math.exp(r.uniform() * 15))],
  ])('%s: within 0.2% of the exact order statistic', (_name, draw) => {
    const rng = new RandomStream(5, 0, 'percentiles');
    const recorder = new DelayRecorder();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = draw(rng);
      values.push(v);
      recorder.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 99, 99.9, 100]) {
      const want = exact(values, p);
      const got = recorder.percentileNs(p);
      // A bucket spans at most 1/256 of its values and the middle is reported: ≤ 1/512 off.
      expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(0.5, want / 512));
    }
    const s = recorder.summary();
    expect(s.minNs).toBe(values[0]);
    expect(s.maxNs).toBe(values.at(-1));
    expect(s.meanNs).toBe(Math.round(values.reduce((a, b) => a + b, 0) / values.length));
  });
});

describe('adding delay recorders (workload = sum of its flows)', () => {
  it('gives the summary and every percentile of one recorder that saw all values', () => {
    const rng = new RandomStream(9, 0, 'add');
    const all = new DelayRecorder();
    // Three "flows" with different ranges, so their histograms have grown to different sizes.
    const parts = [new DelayRecorder(), new DelayRecorder(), new DelayRecorder()];
    const scales = [200, 50_000, 5_000_000_000];
    for (let i = 0; i < 30_000; i++) {
      const k = i % 3;
      const v = Math.round(rng.exponential(scales[k] as number));
      all.record(v);
      (parts[k] as DelayRecorder).record(v);
    }
    const sum = new DelayRecorder();
    for (const part of parts) sum.add(part);
    expect(sum.summary()).toEqual(all.summary());
    for (let p = 1; p <= 100; p++) expect(sum.percentileNs(p)).toBe(all.percentileNs(p));
  });
});
