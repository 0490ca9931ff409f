import { describe, expect, it } from 'vitest';
import { CPU_PROFILES, type CpuProfile } from '../model/host/cpu-profile.ts';
import { fitStackCosts, predictedNsPerDatagram, worstRelativeError } from './stack-fit.ts';
import type { StackPoint } from './stack-timing.ts';

/**
 * calibrate's fit, on synthetic measurements (so the test does not depend on this machine):
 * points made from known per-side costs with the simulator's own cost function must give those
 * costs back, and a profile fitted to noisy points must reproduce them within 10%.
 */
const base = CPU_PROFILES.aesni as CpuProfile;
const truth: CpuProfile = { ...base, segmentNs: 2500, copyNsPerByte: 0.3, vxlanNs: 2000 };
const CASES = [
  { stack: 'none', payloadBytes: 64 },
  { stack: 'none', payloadBytes: 1400 },
  { stack: 'vxlan', payloadBytes: 64 },
  { stack: 'vxlan', payloadBytes: 1400 },
] as const;

function measured(profile: CpuProfile, noise: readonly number[] = [0, 0, 0, 0]): StackPoint[] {
  return CASES.map((c, i) => ({ ...c, nsPerDatagram: predictedNsPerDatagram(profile, c) * (1 + (noise[i] as number)) }));
}

describe('calibrate’s stack fit', () => {
  it('recovers exact per-segment, per-byte and VXLAN costs from exact points', () => {
    // By hand: 64 B payload is a 92 B packet, 1400 B a 1428 B one; plain 64 B = 2 × (2500 + 92 × 0.3) = 5055.2 ns.
    expect(predictedNsPerDatagram(truth, CASES[0])).toBeCloseTo(5055.2, 9);
    const fit = fitStackCosts(measured(truth));
    expect(fit.segmentNs).toBeCloseTo(2500, 6);
    expect(fit.copyNsPerByte).toBeCloseTo(0.3, 9);
    expect(fit.vxlanNs).toBeCloseTo(2000, 6);
  });

  it('with ±6% noise, in the pattern the model cannot absorb, the fitted profile reproduces its own measurements within 10%', () => {
    // The noise is in the stack × size interaction, which no choice of the three costs can
    // follow; ±8% there already leaves one point 10.5% off, so calibrate reports its worst error.
    const points = measured(truth, [0.06, -0.06, -0.06, 0.06]);
    const fitted = { ...base, ...fitStackCosts(points) };
    const worst = worstRelativeError(fitted, points);
    expect(worst).toBeLessThan(0.1);
    expect(worst).toBeGreaterThan(0); // the noise is not all absorbed: the check can fail
  });

  it('a cost that noise drives negative is clamped at 0 and the rest refitted', () => {
    // VXLAN measured as cheaper than plain: its cost would be negative.
    const points: StackPoint[] = [
      { stack: 'none', payloadBytes: 64, nsPerDatagram: 5000 },
      { stack: 'none', payloadBytes: 1400, nsPerDatagram: 6000 },
      { stack: 'vxlan', payloadBytes: 64, nsPerDatagram: 4800 },
      { stack: 'vxlan', payloadBytes: 1400, nsPerDatagram: 5800 },
    ];
    const fit = fitStackCosts(points);
    expect(fit.vxlanNs).toBe(0);
    // Then all four points are fitted by one line, which lies between the two stacks' points.
    for (const p of points) expect(Math.abs(2 * fit.segmentNs + 2 * (p.payloadBytes + 28) * fit.copyNsPerByte - p.nsPerDatagram)).toBeLessThan(150);
    expect(fit.copyNsPerByte).toBeCloseTo(1000 / (2 * 1336), 2);
  });
});
