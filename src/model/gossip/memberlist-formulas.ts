/**
 * hashicorp/memberlist's scaling formulas, exact to its code semantics
 * (reference/gossip-controlplane.md §2.1: util.go, suspicion.go, awareness.go). Times in ns.
 */

/** Transmit limit of a broadcast: RetransmitMult × ceil(log10(N+1)) (util.go retransmitLimit, ref §2.1). */
export function retransmitLimit(retransmitMult: number, n: number): number {
  return retransmitMult * Math.ceil(Math.log10(n + 1));
}

/**
 * Minimum suspicion timeout: SuspicionMult × max(1, log10(max(1, N))) × ProbeInterval, with the
 * node scale truncated to 1/1000 as memberlist does in integer Duration arithmetic (ref §2.1).
 */
export function suspicionMinNs(suspicionMult: number, n: number, probeIntervalNs: number): number {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  return Math.floor((suspicionMult * Math.floor(nodeScale * 1000) * probeIntervalNs) / 1000);
}

/** Maximum suspicion timeout: SuspicionMaxTimeoutMult × minimum (ref §2.1). */
export function suspicionMaxNs(suspicionMaxTimeoutMult: number, minNs: number): number {
  return suspicionMaxTimeoutMult * minNs;
}

/** Independent confirmations wanted: SuspicionMult − 2, or 0 when N − 2 < that (ref §2.1). */
export function suspicionConfirmations(suspicionMult: number, n: number): number {
  const k = suspicionMult - 2;
  return n - 2 < k ? 0 : k;
}

/**
 * Suspicion timeout after `confirmations` independent confirmations, from the start of the
 * suspicion: max(min, max − ln(n+1)/ln(k+1) × (max − min)), floored to the millisecond as
 * memberlist's remainingSuspicionTime does (ref §2.1). With k < 1 the timeout is the minimum.
 */
export function suspicionTimeoutNs(confirmations: number, k: number, minNs: number, maxNs: number): number {
  if (k < 1) return minNs;
  const frac = Math.log(confirmations + 1) / Math.log(k + 1);
  const rawS = maxNs / 1e9 - frac * ((maxNs - minNs) / 1e9);
  const timeoutNs = Math.floor(1000 * rawS) * 1e6;
  return Math.max(minNs, timeoutNs);
}

/** memberlist's pushPullScaleThreshold: no scaling up to 32 nodes (ref §2.1). */
export const PUSH_PULL_SCALE_THRESHOLD = 32;

/** Push/pull period: the interval up to 32 nodes, else (ceil(log2 N − log2 32) + 1) × interval (ref §2.1). */
export function pushPullIntervalNs(intervalNs: number, n: number): number {
  if (n <= PUSH_PULL_SCALE_THRESHOLD) return intervalNs;
  const multiplier = Math.ceil(Math.log2(n) - Math.log2(PUSH_PULL_SCALE_THRESHOLD)) + 1;
  return multiplier * intervalNs;
}

/** Lifeguard: probe interval × (score + 1); ProbeTimeout is not scaled (awareness.go, ref §2.1). */
export function awarenessScaledNs(intervalNs: number, score: number): number {
  return intervalNs * (score + 1);
}

/** Awareness score after a delta, clamped to [0, AwarenessMaxMultiplier − 1] (ref §2.1). */
export function applyAwareness(score: number, delta: number, maxMultiplier: number): number {
  return Math.min(maxMultiplier - 1, Math.max(0, score + delta));
}
