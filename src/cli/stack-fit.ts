import type { CpuProfile } from '../model/host/cpu-profile.ts';
import { packetCostNs } from '../model/host/stack-cost.ts';
import { IPV4_HEADER_BYTES, UDP_HEADER_BYTES } from '../model/overlay/encapsulation.ts';
import type { StackPoint } from './stack-timing.ts';

/** The kernel-path costs `calibrate` fits, per side (see CpuProfile). */
export interface StackCosts {
  segmentNs: number;
  copyNsPerByte: number;
  vxlanNs: number;
}

/** Inner IP packet of a UDP datagram with this payload, bytes. */
export function datagramIpBytes(payloadBytes: number): number {
  return payloadBytes + UDP_HEADER_BYTES + IPV4_HEADER_BYTES;
}

/**
 * What the simulator charges for one UDP datagram over `point.stack`, both sides together, ns:
 * a datagram is a segment of its own on each side (no offload applies to it).
 */
export function predictedNsPerDatagram(profile: CpuProfile, point: Pick<StackPoint, 'stack' | 'payloadBytes'>): number {
  return 2 * packetCostNs(profile, true, point.stack, datagramIpBytes(point.payloadBytes), 0, true, false);
}

/** Row of the design matrix for one point: coefficients of segmentNs, copyNsPerByte, vxlanNs. */
function row(point: StackPoint): [number, number, number] {
  return [2, 2 * datagramIpBytes(point.payloadBytes), point.stack === 'vxlan' ? 2 : 0];
}

/** Relative least squares over the parameters not in `fixedAtZero`; returns the full vector. */
function leastSquares(points: readonly StackPoint[], fixedAtZero: readonly boolean[]): number[] {
  const free = [0, 1, 2].filter((j) => !fixedAtZero[j]);
  const n = free.length;
  // Normal equations (XᵀX) β = Xᵀy, solved by Gaussian elimination with partial pivoting.
  const m = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (const p of points) {
    // Each row is divided by its measurement, so the fit minimises relative errors.
    const x = row(p).map((v) => v / p.nsPerDatagram);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) (m[i] as number[])[k] = ((m[i] as number[])[k] as number) + (x[free[i] as number] as number) * (x[free[k] as number] as number);
      (m[i] as number[])[n] = ((m[i] as number[])[n] as number) + (x[free[i] as number] as number);
    }
  }
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const pc = m[c] as number[];
    if (Math.abs(pc[c] as number) < 1e-12) throw new Error('the measurements do not determine the stack costs (need both stacks and two sizes)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const pr = m[r] as number[];
      const f = (pr[c] as number) / (pc[c] as number);
      for (let k = c; k <= n; k++) pr[k] = (pr[k] as number) - f * (pc[k] as number);
    }
  }
  const beta = [0, 0, 0];
  free.forEach((j, i) => (beta[j] = ((m[i] as number[])[n] as number) / ((m[i] as number[])[i] as number)));
  return beta;
}

/**
 * Fits per-side segment, per-byte and VXLAN costs to measured CPU per UDP datagram (both sides):
 * t = 2 × segmentNs + 2 × ipBytes × copyNsPerByte + (VXLAN ? 2 × vxlanNs : 0), by least squares
 * of the relative errors (so a small datagram's error counts as much as a large one's).
 * A cost the noise drives below zero is set to 0 and the others are fitted again.
 */
export function fitStackCosts(points: readonly StackPoint[]): StackCosts {
  const fixedAtZero = [false, false, false];
  for (;;) {
    const beta = leastSquares(points, fixedAtZero);
    const negative = beta.findIndex((b, j) => b < 0 && !fixedAtZero[j]);
    if (negative < 0) return { segmentNs: beta[0] as number, copyNsPerByte: beta[1] as number, vxlanNs: beta[2] as number };
    fixedAtZero[negative] = true;
  }
}

/** Largest |predicted − measured| / measured over the points, with the profile as the simulator charges it. */
export function worstRelativeError(profile: CpuProfile, points: readonly StackPoint[]): number {
  return Math.max(...points.map((p) => Math.abs(predictedNsPerDatagram(profile, p) / p.nsPerDatagram - 1)));
}
