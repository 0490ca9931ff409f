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
const truth: CpuProfile = { ...base, syscallNs: 1500, segmentNs: 2500, copyNsPerByte: 0.3, checksumNsPerByte: 0.12, vxlanNs: 2000, vxlanPollNs: 1200 };

/** A fit as calibrate reports it, on a kernel without ESP's AES-GCM or WireGuard, at a made-up load. */
function report(fit: ReturnType<typeof fitRounds>) {
  const kernelCiphers = { esp: 'ip xfrm state add … aead rfc4106(gcm(aes)): Requested AEAD algorithm not found.', wireguard: 'ip link add … type wireguard: Unknown device type.' };
  return { ...fit, offloadsNotToggled: undefined, refusedFeatures: [], offByDefault: [], pinning: { cpus: [0, 1] as const }, kernelCiphers, loadAverage: { before: 0.5, after: 0.7, cores: 2 } };
}

/** Three rounds of the 12 cases; round r scales case i by `factors[r][i % 3]`. */
function rounds(factors: readonly (readonly number[])[]) {
  return factors.map((f) => syntheticPoints(truth).map((p, i) => ({ ...p, measuredNs: p.measuredNs * (f[i % 3] as number) })));
}

describe('calibrate predicts its own measurements from the fitted profile', () => {
  it('exact rounds: the written profile is the truth and predicts every median exactly', () => {
    const fit = fitRounds(rounds([[1, 1, 1], [1, 1, 1], [1, 1, 1]]), 'aesni');
    expect(fit.costs).toEqual({ syscallNs: 1500, segmentNs: 2500, copyNsPerByte: 0.3, checksumNsPerByte: 0.12, vxlanNs: 2000, vxlanPollNs: 1200 });
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
    const text = stackReport(report(fit), 'aesni');
    expect(text).toContain('the fitted profile reproduces each of its own measurements within 10 % (machine load (1-minute load average) 0.50 before and 0.70 after, on 2 cores)');
    expect(text).not.toContain('warning');
    for (const p of fit.points) {
      const predicted = predictedNs(fit.profile, p).toFixed(0);
      const error = `${((predictedNs(fit.profile, p) / p.measuredNs - 1) * 100).toFixed(1)} %`;
      expect(text).toMatch(new RegExp(`\\n  ${p.protocol}\\s+${p.stack}\\s+${p.offloads ? 'on' : 'off'}\\s+${p.payloadBytes}\\s.*\\s${p.measuredNs.toFixed(0)}\\s+\\S+\\s+${predicted}\\s+${error.replace('.', '\\.')}\\n`));
    }
  });

  it('a point the fit misses by more than 10% is named, with whether its own repeats spread that far', () => {
    // Every round measures the TCP megabyte over plain veth with offloads on at half what the
    // model predicts: the other eleven points hold the costs, so that point stays far off.
    const halved = rounds([[1, 1, 1], [1, 1, 1], [1, 1, 1]]).map((round) => round.map((p) => (p.protocol === 'tcp' && p.stack === 'none' && p.offloads ? { ...p, measuredNs: p.measuredNs / 2 } : p)));
    const fit = fitRounds(halved, 'aesni');
    expect(fit.worstError).toBeGreaterThan(STACK_FIT_TOLERANCE);
    const text = stackReport(report(fit), 'aesni');
    const misses = fit.points.filter((p) => Math.abs(predictedNs(fit.profile, p) / p.measuredNs - 1) > STACK_FIT_TOLERANCE);
    expect(text).toContain(`warning: the fitted profile misses ${misses.length} of its 12 measurements by more than 10 %`);
    // The three rounds agree exactly, so the miss lies outside their spread: the model's, not the noise's.
    expect(text).toMatch(/\n {4}tcp none on 65536: predicted \d+ ns against \d+ ns measured, [\d.]+ %, outside its own repeats' spread/);
    for (const p of misses) expect(text).toContain(`\n    ${p.protocol} ${p.stack} ${p.offloads ? 'on' : 'off'} ${p.payloadBytes}: predicted`);
  });

  it('says the kernel could not run ESP or WireGuard, and that their ciphers come from the in-process timing only', () => {
    const text = stackReport(report(fitRounds(rounds([[1, 1, 1]]), 'aesni')), 'aesni');
    expect(text).toContain(
      "\n  ESP in the kernel (Docker's encrypted overlay, rfc4106(gcm(aes))): this kernel cannot run it (ip xfrm state add … aead rfc4106(gcm(aes)): Requested AEAD algorithm not found.); cryptoFixedNs and cryptoNsPerByte are fitted from the node:crypto timing only\n",
    );
    expect(text).toContain('\n  WireGuard in the kernel: this kernel cannot run it (ip link add … type wireguard: Unknown device type.); wireguardCryptoFixedNs and wireguardCryptoNsPerByte are fitted from the node:crypto timing only\n');
  });
});
