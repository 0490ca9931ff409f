import { availableParallelism, loadavg } from 'node:os';
import { CPU_PROFILES, type CpuProfile } from '../model/host/cpu-profile.ts';
import { type Spread, spreadOf } from './calibration-fit.ts';
import { type KernelCiphers, probeKernelCiphers } from './kernel-ciphers.ts';
import { progress } from './progress.ts';
import { FITTED_COSTS, FITTED_COSTS_TEXT, type FittedCost, fitStackCosts, type StackCosts, worstRelativeError } from './stack-fit.ts';
import { type BlastBounds, type StackPoint, type StackTiming, type StackWork, timeStacks, whyStackCannotBeTimed } from './stack-timing.ts';

/** The fitted profile reproduces its own stack measurements within this (relative); above it, calibrate warns. */
export const STACK_FIT_TOLERANCE = 0.1;

/** What timing the kernel stack gave, or why it was not timed. */
export type StackResult = StackFit | { skipped: string };

/** Medians per case, their spreads, the fit as written to the profile, and its worst error; with what the timing found of offloads and pinning. */
export interface StackFit extends Omit<StackTiming, 'rounds'> {
  points: StackPoint[];
  spreads: Spread[];
  /** Fitted costs, rounded as the profile file holds them; a cost the points do not determine is absent. */
  costs: StackCosts;
  /** The base profile with the fitted costs: what a scenario using the file runs with. */
  profile: CpuProfile;
  /** Largest relative error of `profile` on `points`. */
  worstError: number;
  /** Whether this kernel could run Docker's ESP and WireGuard (never timed: their ciphers come from the AEAD timing). */
  kernelCiphers: KernelCiphers;
  /** How busy the machine was: the 1-minute load average before and after the timing, and its cores. */
  loadAverage: { before: number; after: number; cores: number };
}

function median(values: readonly number[]): number {
  return spreadOf(values).medianNs;
}

/** Rounds a cost as the profile file holds it: whole ns, or 4 significant digits per byte. */
function rounded(field: FittedCost, value: number): number {
  return field.endsWith('PerByte') ? Number(value.toPrecision(4)) : Math.round(value);
}

/**
 * Fits the stack costs to rounds of measurements: per case, the median CPU and the median of
 * each work count over the rounds; the fit is rounded as written, and its worst error is the
 * written profile's on those medians.
 */
export function fitRounds(rounds: readonly StackPoint[][], base: string): Pick<StackFit, 'points' | 'spreads' | 'costs' | 'profile' | 'worstError'> {
  const first = rounds[0] as StackPoint[];
  const spreads = first.map((_, i) => spreadOf(rounds.map((round) => (round[i] as StackPoint).measuredNs)));
  const points = first.map((p, i) => {
    const work = Object.fromEntries(Object.keys(p.work).map((k) => [k, median(rounds.map((round) => (round[i] as StackPoint).work[k as keyof StackWork]))])) as unknown as StackWork;
    return { ...p, work, measuredNs: (spreads[i] as Spread).medianNs };
  });
  const fit = fitStackCosts(points);
  const costs: StackCosts = Object.fromEntries(FITTED_COSTS.flatMap((f) => (fit[f] === undefined ? [] : [[f, rounded(f, fit[f])]])));
  const profile = { ...(CPU_PROFILES[base] as CpuProfile), ...costs };
  return { points, spreads, costs, profile, worstError: worstRelativeError(profile, points) };
}

/** Times the kernel stack where this machine allows it, and fits its costs; otherwise says why not. */
export async function measureStack(repeats: number, base: string, bounds: BlastBounds): Promise<StackResult> {
  const why = whyStackCannotBeTimed();
  if (why !== undefined) return { skipped: why };
  progress('timing UDP and TCP over veth and VXLAN in network namespaces');
  const before = loadavg()[0] as number;
  const timing = await timeStacks(repeats, bounds);
  const loadAverage = { before, after: loadavg()[0] as number, cores: availableParallelism() };
  progress('');
  const { rounds, ...found } = timing;
  return { ...fitRounds(rounds, base), ...found, kernelCiphers: probeKernelCiphers(), loadAverage };
}

/**
 * What the kernel could do of the encrypted overlays, one sentence each: calibrate times neither
 * in the kernel, and where the kernel lacks one it says so rather than let the profile suggest
 * the kernel was measured.
 */
export function kernelCipherNotes(ciphers: KernelCiphers): string[] {
  const note = (what: string, why: string | undefined, costs: string) =>
    why === undefined
      ? `${what}: this kernel has it; not timed in the kernel, ${costs} come from the node:crypto timing and the model`
      : `${what}: this kernel cannot run it (${why}); ${costs} are fitted from the node:crypto timing only`;
  return [
    note("ESP in the kernel (Docker's encrypted overlay, rfc4106(gcm(aes)))", ciphers.esp, 'cryptoFixedNs and cryptoNsPerByte'),
    note('WireGuard in the kernel', ciphers.wireguard, 'wireguardCryptoFixedNs and wireguardCryptoNsPerByte'),
  ];
}

/** What calibrate measured for the kernel stack, and what not, for the profile's `measured` record. */
export function stackMeasuredNotes(stack: StackResult): string[] {
  if ('skipped' in stack) {
    return [
      `not measured: the kernel stack (${stack.skipped}); ${FITTED_COSTS_TEXT} are the base profile's`,
      `not probed: whether this kernel can run ESP and WireGuard (${stack.skipped}); all cipher costs are fitted from the node:crypto timing only`,
    ];
  }
  const timed = 'kernel: UDP (64 B and 1400 B) and one TCP stream over plain veth and over container veth + bridge + VXLAN';
  const defaults = stack.offByDefault.length > 0 ? ` (${stack.offByDefault.join(', ')} off by default)` : '';
  const notes = [`${timed}, offloads on: the kernel's defaults${defaults}`];
  if (stack.offloadsNotToggled === undefined) notes.push(`${timed}, offloads off (ethtool -K: tx, rx, tso, gso, gro, tx-udp_tnl-segmentation off)`);
  else notes.push(`not measured: offloads off (${stack.offloadsNotToggled}); checksumNsPerByte is the base profile's`);
  if (stack.refusedFeatures.length > 0) notes.push(`did not take the requested state: ${stack.refusedFeatures.join(', ')}`);
  return [...notes, ...kernelCipherNotes(stack.kernelCiphers)];
}
