import { CPU_PROFILES, type CpuProfile } from '../model/host/cpu-profile.ts';
import { stackCostParts } from '../model/host/stack-cost.ts';
import { ACK_IP_BYTES, type StackPoint } from './stack-timing.ts';

/** The kernel-path costs `calibrate` fits, per side (see CpuProfile): per system call, per segment, per byte, software checksum per byte, VXLAN, and VXLAN per poll. */
export const FITTED_COSTS = ['syscallNs', 'segmentNs', 'copyNsPerByte', 'checksumNsPerByte', 'vxlanNs', 'vxlanPollNs'] as const;
export type FittedCost = (typeof FITTED_COSTS)[number];
/** The fitted costs' names as a sentence's list (`a, b and c`). */
export const FITTED_COSTS_TEXT = `${FITTED_COSTS.slice(0, -1).join(', ')} and ${FITTED_COSTS.at(-1)}`;
/** Fitted costs; a cost the measurements do not determine (no point depends on it) is absent. */
export type StackCosts = Partial<Record<FittedCost, number>>;

/**
 * What the simulator's cost model (stackCostParts, src/model/host/stack-cost.ts) charges for one
 * unit of a measured case, both sides together, ns. Each side pays per system call it made
 * (the sender's writes, the receiver's reads), per segment it handled, per wire packet and per
 * byte; offloads off means software checksums and no UDP-tunnel offload. Each pure ACK is a
 * segment of its own on both sides. Each NET_RX softirq run is one NAPI poll on each side: in
 * the testbed both sides' polls run in the one softirq (veth delivers in the sender's context).
 */
export function predictedNs(profile: CpuProfile, point: Pick<StackPoint, 'stack' | 'offloads' | 'work'>): number {
  const parts = stackCostParts(profile, point.offloads, point.stack, !point.offloads);
  const w = point.work;
  const side = (segments: number) => segments * parts.perSegmentNs + w.packets * parts.perPacketNs + w.ipBytes * parts.perByteNs;
  const ack = parts.perSegmentNs + parts.perPacketNs + ACK_IP_BYTES * parts.perByteNs;
  return (w.writes + w.reads) * parts.perCallNs + 2 * w.softirqRuns * parts.perPollNs + side(w.sentSegments) + side(w.receivedSegments) + 2 * w.acks * ack;
}

/** A profile that costs nothing but 1 for `field`. */
const UNIT_PROFILES = FITTED_COSTS.map((field) => ({ ...(CPU_PROFILES.none as CpuProfile), [field]: 1 }));

/**
 * Row of the design matrix for one point: what each fitted cost contributes per unit of it.
 * The model is linear in these costs, so the coefficient of a cost is the prediction of a profile
 * in which only that cost is 1: the fit uses the model's own structure, not a copy of it.
 */
function row(point: StackPoint): number[] {
  return UNIT_PROFILES.map((unit) => predictedNs(unit, point));
}

/** Relative least squares over the costs in `free`; returns the full vector (0 where not free). */
function leastSquares(rows: readonly number[][], measured: readonly number[], free: readonly number[]): number[] {
  const n = free.length;
  // Normal equations (XᵀX) β = Xᵀy, solved by Gaussian elimination with partial pivoting.
  const m = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  rows.forEach((r, p) => {
    // Each row is divided by its measurement, so the fit minimises relative errors.
    const x = r.map((v) => v / (measured[p] as number));
    for (let i = 0; i < n; i++) {
      const mi = m[i] as number[];
      const xi = x[free[i] as number] as number;
      for (let k = 0; k < n; k++) mi[k] = (mi[k] as number) + xi * (x[free[k] as number] as number);
      mi[n] = (mi[n] as number) + xi;
    }
  });
  const scale = Math.max(...m.map((r, i) => Math.abs(r[i] as number)));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const pc = m[c] as number[];
    if (Math.abs(pc[c] as number) < 1e-12 * scale) throw new Error('the measurements do not determine the stack costs (need both stacks, two sizes, and TCP or offloads off)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const pr = m[r] as number[];
      const f = (pr[c] as number) / (pc[c] as number);
      for (let k = c; k <= n; k++) pr[k] = (pr[k] as number) - f * (pc[k] as number);
    }
  }
  const beta = FITTED_COSTS.map(() => 0);
  free.forEach((j, i) => (beta[j] = ((m[i] as number[])[n] as number) / ((m[i] as number[])[i] as number)));
  return beta;
}

/**
 * Fits the per-side costs to measured CPU per unit (both sides) by least squares of the relative
 * errors (so a small datagram's error counts as much as a megabyte's), with the cost model's
 * structure (see {@link predictedNs}). A cost no point depends on (the software checksum when
 * offloads stayed on) is left out. A cost the noise drives below zero is set to 0 and the others
 * are fitted again.
 */
export function fitStackCosts(points: readonly StackPoint[]): StackCosts {
  const rows = points.map(row);
  const measured = points.map((p) => p.measuredNs);
  const determined = FITTED_COSTS.map((_, j) => rows.some((r) => (r[j] as number) !== 0));
  const fixedAtZero = FITTED_COSTS.map(() => false);
  for (;;) {
    const free = FITTED_COSTS.map((_, j) => j).filter((j) => determined[j] && !fixedAtZero[j]);
    const beta = leastSquares(rows, measured, free);
    const negative = free.find((j) => (beta[j] as number) < 0);
    if (negative === undefined) return Object.fromEntries(FITTED_COSTS.flatMap((field, j) => (determined[j] ? [[field, beta[j] as number]] : []))) as StackCosts;
    fixedAtZero[negative] = true;
  }
}

/** Largest |predicted − measured| / measured over the points, with the profile as the simulator charges it. */
export function worstRelativeError(profile: CpuProfile, points: readonly StackPoint[]): number {
  return Math.max(...points.map((p) => Math.abs(predictedNs(profile, p) / p.measuredNs - 1)));
}
