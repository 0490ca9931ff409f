import { describe, expect, it } from 'vitest';
import { affinityCpus } from './stack-timing.ts';

/** calibrate pins its sender and receiver to the first two CPUs of taskset's affinity list; the lists below are read by hand. */
describe('affinity list', () => {
  it('reads single CPUs, ranges and both mixed, in order', () => {
    expect(affinityCpus('0,1')).toEqual([0, 1]);
    expect(affinityCpus('0-3,6')).toEqual([0, 1, 2, 3, 6]);
    expect(affinityCpus('5')).toEqual([5]);
    expect(affinityCpus('2-3')).toEqual([2, 3]);
  });

  it('gives no CPU for an empty or unreadable list', () => {
    expect(affinityCpus('')).toEqual([]);
    expect(affinityCpus('n/a')).toEqual([]);
  });
});
