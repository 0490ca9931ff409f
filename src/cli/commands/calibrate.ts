import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { CPU_PROFILES } from '../../model/host/cpu-profile.ts';
import { UsageError } from '../../scenario/load.ts';
import { AEAD_CIPHERS, type AeadCipher, cpuNsPerMessage, makeSealer, NONCE_BYTES, TAG_BYTES, type TimedSealer, warmUp } from '../aead-timing.ts';
import { fitLinearCost, type LinearCost, type Spread, spreadOf } from '../calibration-fit.ts';
import { reportError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { measureStack, type StackResult, stackMeasuredNotes } from '../stack-calibration.ts';
import { stackReport } from '../stack-report.ts';
import { type BlastBounds, DEFAULT_BOUNDS } from '../stack-timing.ts';
import { progress } from '../progress.ts';
import type { StackCosts } from '../stack-fit.ts';

/** Message sizes timed: one MTU-sized packet and a 64 KiB GSO-sized buffer, bytes. */
export const CALIBRATION_SIZES_BYTES = [1500, 65536] as const;
/** Default CPU time of one timed repeat, ms. */
export const DEFAULT_BUDGET_MS = 100;

/** Options of `overlaysim calibrate`, as commander hands them over (strings). */
export interface CalibrateCommandOptions {
  out: string;
  repeats: string;
  cipher: string;
  base: string;
  /** False (`--no-stack`): time only the ciphers. */
  stack?: boolean;
  stackRepeats?: string;
}

/** Internal knobs, for tests: CPU time per timed repeat and per warm-up, ms; bounds of a stack run. */
export interface CalibrateTuning {
  budgetMs?: number;
  warmupMs?: number;
  stackBounds?: BlastBounds;
}

/**
 * The profile file `calibrate` writes; valid against `customProfileSchema`. The stack costs are
 * present when the kernel stack was timed (checksumNsPerByte only with offloads toggled).
 */
export interface CalibratedProfile extends StackCosts {
  base: string;
  name: string;
  cipher: AeadCipher;
  cryptoFixedNs: number;
  cryptoNsPerByte: number;
  wireguardCryptoFixedNs: number;
  wireguardCryptoNsPerByte: number;
  /** What was measured to make this profile, and what could not be. */
  measured: string[];
}

/** What was measured for one cipher: per size, the spread over repeats, and the fitted cost. */
interface CipherResult {
  cipher: AeadCipher;
  sizes: { sizeBytes: number; spread: Spread }[];
  fit: LinearCost;
}

/**
 * `overlaysim calibrate`: times per-message AEAD seals with node:crypto in CPU time and fits
 * t(n) = fixed + n × perByte from 1500 B and 64 KiB messages; where it can (Linux, root, `ip`),
 * times UDP and TCP through plain veth and Docker's container path over VXLAN, with offloads on
 * and (with ethtool) off, in network namespaces it creates, and fits the per-call, per-segment,
 * per-byte, checksum, VXLAN and VXLAN per-poll costs with the cost model (see
 * stack-calibration.ts), and says whether the kernel could run ESP and WireGuard; prints how it
 * measured and what the fitted profile predicts for each measurement, and writes a JSON CPU
 * profile for `hosts: { cpu: FILE }`.
 */
export async function calibrateCommand(options: CalibrateCommandOptions, tuning: CalibrateTuning = {}): Promise<number> {
  try {
    const { repeats, cipher, base, stackRepeats } = parseOptions(options);
    const budgetMs = tuning.budgetMs ?? DEFAULT_BUDGET_MS;
    const results = measureAll(repeats, budgetMs, tuning.warmupMs ?? Math.min(50, budgetMs));
    const stack: StackResult = options.stack === false ? { skipped: 'not asked for (--no-stack)' } : await measureStack(stackRepeats, base, tuning.stackBounds ?? DEFAULT_BOUNDS);
    const chosen = results.find((r) => r.cipher === cipher) as CipherResult;
    const chacha = results.find((r) => r.cipher === 'chacha20-poly1305') as CipherResult;
    const profile = profileOf(chosen, chacha, base, stack);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(profile, null, 2)}\n`);
    process.stdout.write(report(results, profile, options.out, repeats, budgetMs));
    process.stdout.write(stackReport(stack, base));
    process.stderr.write(`wrote ${options.out}\n`);
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}

function parseOptions(options: CalibrateCommandOptions): { repeats: number; cipher: AeadCipher; base: string; stackRepeats: number } {
  const repeats = Number(options.repeats);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000) throw new UsageError(`--repeats: expected an integer from 1 to 1000, got ${options.repeats}`);
  const stackRepeats = Number(options.stackRepeats ?? '3');
  if (!Number.isInteger(stackRepeats) || stackRepeats < 1 || stackRepeats > 20) throw new UsageError(`--stack-repeats: expected an integer from 1 to 20, got ${options.stackRepeats}`);
  if (!(AEAD_CIPHERS as readonly string[]).includes(options.cipher)) throw new UsageError(`--cipher: expected ${AEAD_CIPHERS.join(' or ')}, got ${options.cipher}`);
  if (CPU_PROFILES[options.base] === undefined) throw new UsageError(`--base: expected a built-in profile (${Object.keys(CPU_PROFILES).join(', ')}), got ${options.base}`);
  return { repeats, cipher: options.cipher as AeadCipher, base: options.base, stackRepeats };
}

/**
 * Warms every (cipher, size) up, then runs `repeats` rounds; each round times every pair once,
 * so slow drift on a shared machine spreads over all pairs instead of biasing one.
 */
function measureAll(repeats: number, budgetMs: number, warmupMs: number): CipherResult[] {
  const cases: { cipher: AeadCipher; sizeBytes: number; sealer: TimedSealer; samplesNs: number[] }[] = [];
  for (const cipher of AEAD_CIPHERS) {
    for (const sizeBytes of CALIBRATION_SIZES_BYTES) {
      progress(`warming up ${cipher} at ${sizeBytes} B`);
      cases.push({ cipher, sizeBytes, sealer: warmUp(makeSealer(cipher, sizeBytes), warmupMs), samplesNs: [] });
    }
  }
  for (let r = 0; r < repeats; r++) {
    progress(`repeat ${r + 1} of ${repeats}`);
    for (const c of cases) c.samplesNs.push(cpuNsPerMessage(c.sealer, budgetMs));
  }
  progress('');
  return AEAD_CIPHERS.map((cipher) => {
    const sizes = cases.filter((c) => c.cipher === cipher).map((c) => ({ sizeBytes: c.sizeBytes, spread: spreadOf(c.samplesNs) }));
    const [small, large] = sizes.map((s) => ({ sizeBytes: s.sizeBytes, ns: s.spread.medianNs })) as [{ sizeBytes: number; ns: number }, { sizeBytes: number; ns: number }];
    return { cipher, sizes, fit: fitLinearCost(small, large) };
  });
}

function profileOf(result: CipherResult, chacha: CipherResult, base: string, stack: StackResult): CalibratedProfile {
  const timed = !('skipped' in stack);
  return {
    base,
    name: `calibrated ${result.cipher}${timed ? ', kernel stack timed' : ''} (node ${process.version}, OpenSSL ${process.versions.openssl})`,
    cipher: result.cipher,
    cryptoFixedNs: Math.round(result.fit.fixedNs),
    cryptoNsPerByte: Number(result.fit.nsPerByte.toPrecision(4)),
    wireguardCryptoFixedNs: Math.round(chacha.fit.fixedNs),
    wireguardCryptoNsPerByte: Number(chacha.fit.nsPerByte.toPrecision(4)),
    measured: [`AEAD seals of ${AEAD_CIPHERS.join(' and ')} with node:crypto at ${CALIBRATION_SIZES_BYTES.join(' B and ')} B`, ...stackMeasuredNotes(stack)],
    // Rounded as written; the error calibrate reports is the written profile's.
    ...(timed ? stack.costs : {}),
  };
}

function report(results: CipherResult[], profile: CalibratedProfile, out: string, repeats: number, budgetMs: number): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [
    'AEAD seal cost per message, measured with node:crypto',
    `  node ${process.version}, OpenSSL ${process.versions.openssl}`,
    `  per message: createCipheriv (random key, ${NONCE_BYTES}-byte IV, ${TAG_BYTES}-byte tag), update, final, getAuthTag`,
    `  CPU time (process.cpuUsage) per message; ${repeats} repeat${repeats === 1 ? '' : 's'} of ≈${budgetMs} ms each after a warm-up; median and spread over repeats`,
    '',
    `  ${'cipher'.padEnd(18)} ${pad('size B', 7)} ${pad('median ns', 10)} ${pad('min–max ns', 15)} ${pad('rel. IQR', 8)} ${pad('MB/s', 7)}`,
  ];
  for (const r of results) {
    for (const s of r.sizes) {
      const t = s.spread;
      const range = `${t.minNs.toFixed(0)}–${t.maxNs.toFixed(0)}`;
      const mbps = (s.sizeBytes / t.medianNs) * 1e3;
      lines.push(`  ${r.cipher.padEnd(18)} ${pad(s.sizeBytes, 7)} ${pad(t.medianNs.toFixed(1), 10)} ${pad(range, 15)} ${pad(`${(t.relativeIqr * 100).toFixed(1)} %`, 8)} ${pad(mbps.toFixed(0), 7)}`);
    }
  }
  lines.push('', `  fit t(n) = fixed + n × perByte through the medians at ${CALIBRATION_SIZES_BYTES.join(' B and ')} B:`);
  for (const r of results) {
    const notes = [r.fit.fixedClamped ? 'fixed clamped at 0' : '', r.fit.slopeFallback ? 'slope not positive: perByte is the 64 KiB mean' : ''].filter(Boolean);
    lines.push(`  ${r.cipher.padEnd(18)} fixedNs ${r.fit.fixedNs.toFixed(0)}, nsPerByte ${r.fit.nsPerByte.toPrecision(4)} (${(1 / r.fit.nsPerByte).toFixed(2)} GB/s bulk)${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  }
  const fromScenarios = isAbsolute(out) ? out : relative('scenarios', out);
  lines.push(
    '',
    `profile ${out}: base ${profile.base}, cipher ${profile.cipher}, cryptoFixedNs ${profile.cryptoFixedNs}, cryptoNsPerByte ${profile.cryptoNsPerByte}`,
    `  use it with  hosts: { cpu: ${fromScenarios} }  in a scenario under scenarios/ (relative paths start at the scenario file)`,
    '',
    'caveat: node:crypto creates a cipher per message, so its fixed cost per message (≈4–5 µs in the reference,',
    "  §6.3) is far above the kernel's per-packet setup (≈0.35–0.4 µs with AES-NI); the per-byte figure is the one",
    `  that carries over. For kernel-like small-packet costs, set cryptoFixedNs in the file to the base profile's (${CPU_PROFILES[profile.base]?.cryptoFixedNs} ns for ${profile.base}).`,
  );
  return `${lines.join('\n')}\n`;
}
