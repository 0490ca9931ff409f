import { describe, expect, it } from 'vitest';
import { fitLinearCost } from './calibration-fit.ts';

describe('calibration fit', () => {
  it('solves t(n) = fixed + n × perByte through two points, and clamps a negative fixed cost at 0', () => {
    // 4000 ns + 0.5 ns/B: 1500 B → 4750 ns, 65536 B → 36768 ns.
    const fit = fitLinearCost({ sizeBytes: 1500, ns: 4750 }, { sizeBytes: 65536, ns: 36768 });
    expect(fit.fixedNs).toBeCloseTo(4000, 9);
    expect(fit.nsPerByte).toBeCloseTo(0.5, 12);
    expect(fit.fixedClamped).toBe(false);
    // Slope (32868 − 700) / 64036 ≈ 0.5023 would give 700 − 753.5 < 0: clamp to 0, keep the slope.
    const clamped = fitLinearCost({ sizeBytes: 1500, ns: 700 }, { sizeBytes: 65536, ns: 32868 });
    expect(clamped.fixedNs).toBe(0);
    expect(clamped.fixedClamped).toBe(true);
    expect(clamped.nsPerByte).toBeCloseTo((32868 - 700) / 64036, 12);
  });

});
