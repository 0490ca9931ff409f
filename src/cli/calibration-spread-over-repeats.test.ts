import { describe, expect, it } from 'vitest';
import { spreadOf } from './calibration-fit.ts';

describe('calibration spread', () => {
  it('gives median, min–max and relative IQR over repeats', () => {
    // Sorted 10 20 30 40 50: median 30, quartiles 20 and 40 (linear interpolation), IQR/median = 2/3.
    const s = spreadOf([50, 10, 40, 20, 30]);
    expect(s).toEqual({ medianNs: 30, minNs: 10, maxNs: 50, relativeIqr: 20 / 30 });
  });
});
