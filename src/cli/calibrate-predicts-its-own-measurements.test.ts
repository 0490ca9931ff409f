import { describe, expect, it } from 'vitest';
import { CPU_PROFILES, type CpuProfile } from '../model/host/cpu-profile.ts';
import { syntheticPoints } from '../test-support/stack-points.ts';
import { fitRounds, STACK_FIT_TOLERANCE } from './stack-calibration.ts';
import { predictedNs } from './stack-fit.ts';
import { stackReport } from './stack-report.ts';

/**
 * calibrate's self-consistency check, on recorded-like rounds made by the cost model (timing on
 * this shared machine would make the test flaky): the medians over rounds are fitted, the
 * profile is rounded as written, and each measurement is printed beside what that profile
 * predicts. 10% is the bar for "reproduces its own measurements": four costs cannot
 * follow every point of twelve real ones (interrupts, cache effects, a busy neighbour), and the
 * synthetic noise below is chosen so that the worst point lands between 1% and 10%.
 */
const base = CPU_PROFILES.aesni as CpuProfile;
const truth: CpuProfile = { ...base, segmentNs: 2500, copyNsPerByte: 0.3, checksumNsPerByte: 0.12, vxlanNs: 2000 };

/** Three rounds of the 12 cases; round r scales case i by `factors[r][i % 3]`. */
function rounds(factors: readonly (readonly number[])[]) {
  return factors.map((f) => syntheticPoints(truth).map((p, i) => ({ ...p, measuredNs: p.measuredNs * (f[i % 3] as number) })));
}

describe('calibrate predicts its own measurements from the fitted profile', () => {
  it('exact rounds: the written profile is the truth and predicts every median exactly', () => {
    const fit = fitRounds(rounds([[1, 1, 1], [1, 1, 1], [1, 1, 1]]), 'aesni');
    expect(fit.costs).toEqual({ segmentNs: 2500, copyNsPerByte: 0.3, checksumNsPerByte: 0.12, vxlanNs: 2000 });
    expect(fit.worstError).toBeLessThan(1e-9);
  });

  it('noisy rounds: medians are fitted, the worst error is within 10%, and the report prints measured beside predicted', () => {
    // Medians per case are the middle factor of each column: 1.04, 0.96, 1.0.
    const fit = fitRounds(
      rounds([
        [1.04, 0.9, 1.1],
        [1.2, 0.96, 1.0],
        [1.0, 1.0, 0.95],
      ]),
      'aesni',
    );
    const medians = syntheticPoints(truth).map((p, i) => p.measuredNs * ([1.04, 0.96, 1.0][i % 3] as number));
    fit.points.forEach((p, i) => expect(p.measuredNs).toBeCloseTo(medians[i] as number, 6));
    expect(fit.worstError).toBeLessThanOrEqual(STACK_FIT_TOLERANCE);
    expect(fit.worstError).toBeGreaterThan(0.01);
    const text = stackReport({ ...fit, offloadsNotToggled: undefined, refusedFeatures: [], offByDefault: [] }, 'aesni');
    expect(text).toContain('the fitted profile reproduces its own measurements within 10 %');
    for (const p of fit.points) {
      const predicted = predictedNs(fit.profile, p).toFixed(0);
      const error = `${((predictedNs(fit.profile, p) / p.measuredNs - 1) * 100).toFixed(1)} %`;
      expect(text).toMatch(new RegExp(`\\n  ${p.protocol}\\s+${p.stack}\\s+${p.offloads ? 'on' : 'off'}\\s+${p.payloadBytes}\\s.*\\s${p.measuredNs.toFixed(0)}\\s+\\S+\\s+${predicted}\\s+${error.replace('.', '\\.')}\\n`));
    }
  });
});
