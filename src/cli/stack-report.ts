import { stackCostParts } from '../model/host/stack-cost.ts';
import type { Spread } from './calibration-fit.ts';
import { kernelCipherNotes, STACK_FIT_TOLERANCE, type StackFit, type StackResult } from './stack-calibration.ts';
import { FITTED_COSTS, FITTED_COSTS_TEXT, predictedNs } from './stack-fit.ts';
import type { StackPoint } from './stack-timing.ts';
import { textTableLines } from '../report/text-table.ts';

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** A case's name and its unit: a datagram, or a megabyte of TCP data. */
function caseCells(p: StackPoint): string[] {
  return [p.protocol, p.stack, p.offloads ? 'on' : 'off', String(p.payloadBytes), p.protocol === 'udp' ? 'datagram' : 'MB'];
}

/** Measured vs predicted per case, with the work per unit the prediction charges for. */
function pointRows(fit: StackFit): string[][] {
  return fit.points.map((p, i) => {
    const t = fit.spreads[i] as Spread;
    const predicted = predictedNs(fit.profile, p);
    const w = p.work;
    return [
      ...caseCells(p),
      fixed(w.writes, 1),
      fixed(w.reads, 1),
      fixed(w.sentSegments, 1),
      fixed(w.receivedSegments, 1),
      fixed(w.packets, 1),
      fixed(w.acks, 1),
      fixed(w.softirqRuns, 1),
      fixed(w.ipBytes, 0),
      fixed(t.medianNs, 0),
      `${fixed(t.minNs, 0)}–${fixed(t.maxNs, 0)}`,
      fixed(predicted, 0),
      `${fixed((predicted / p.measuredNs - 1) * 100, 1)} %`,
    ];
  });
}

/** The fitted profile split per segment, per packet and per byte, per stack, offloads on and off (as `explain` shows). */
function partsRows(fit: StackFit): string[][] {
  return [true, false].flatMap((on) =>
    (['none', 'vxlan'] as const).map((stack) => {
      const parts = stackCostParts(fit.profile, on, stack, !on);
      return [stack, on ? 'on' : 'off', `${fixed(parts.perCallNs, 0)} ns`, `${fixed(parts.perPollNs, 0)} ns`, `${fixed(parts.perSegmentNs, 0)} ns`, `${fixed(parts.perPacketNs, 0)} ns`, `${parts.perByteNs.toPrecision(4)} ns/B`];
    }),
  );
}

/**
 * Whether the written profile reproduces every measurement within the tolerance; if not, each
 * point it misses, and why: a prediction inside the spread of the point's own repeats misses
 * by no more than the measurement varies on this machine; one outside it is a cost the model
 * does not have (or one the other points pull the fit away from).
 */
function verdictLines(fit: StackFit): string[] {
  const load = `machine load (1-minute load average) ${fixed(fit.loadAverage.before, 2)} before and ${fixed(fit.loadAverage.after, 2)} after, on ${fit.loadAverage.cores} cores`;
  const misses = fit.points.flatMap((p, i) => {
    const predicted = predictedNs(fit.profile, p);
    const miss = predicted / p.measuredNs - 1;
    if (Math.abs(miss) <= STACK_FIT_TOLERANCE) return [];
    const t = fit.spreads[i] as Spread;
    const why =
      predicted >= t.minNs && predicted <= t.maxNs
        ? `inside its own repeats' spread (${fixed(t.minNs, 0)}–${fixed(t.maxNs, 0)} ns): the measurement varies more than that here`
        : `outside its own repeats' spread (${fixed(t.minNs, 0)}–${fixed(t.maxNs, 0)} ns): a cost the model does not have, or the other points pull the fit away`;
    return [`    ${caseCells(p).slice(0, 4).join(' ')}: predicted ${fixed(predicted, 0)} ns against ${fixed(p.measuredNs, 0)} ns measured, ${fixed(miss * 100, 1)} %, ${why}`];
  });
  if (misses.length === 0) return [`  the fitted profile reproduces each of its own measurements within ${STACK_FIT_TOLERANCE * 100} % (${load})`];
  return [
    `  warning: the fitted profile misses ${misses.length} of its ${fit.points.length} measurements by more than ${STACK_FIT_TOLERANCE * 100} % (${load}):`,
    ...misses,
    '  on a busy machine, rerun when it is quiet or with more --stack-repeats',
  ];
}

/** The kernel-stack part of calibrate's report. Ends with a newline. */
export function stackReport(stack: StackResult, base: string): string {
  if ('skipped' in stack) {
    return `\nkernel stack: not timed: ${stack.skipped}. Only the ciphers were fitted; ${FITTED_COSTS_TEXT} stay the base profile's (${base}).\nESP and WireGuard in the kernel: not probed either; their ciphers are fitted from the node:crypto timing only.\n`;
  }
  const offloads =
    stack.offloadsNotToggled === undefined
      ? 'offloads (tx and rx checksum, TSO, GSO, GRO, UDP-tunnel segmentation) on, as the kernel sets them, and all off, with ethtool on every device of both paths'
      : `offloads as the kernel sets them (on); not measured with offloads off: ${stack.offloadsNotToggled}`;
  const lines = [
    '',
    'kernel stack: UDP datagrams and one TCP stream through plain veth, and through container veth → bridge → VXLAN over it,',
    '  in network namespaces laid out as Docker’s overlay, created for this and deleted after',
    `  ${offloads}`,
    ...(stack.offByDefault.length > 0 ? [`  off by default, so off with offloads on too: ${stack.offByDefault.join(', ')}`] : []),
    ...(stack.refusedFeatures.length > 0 ? [`  did not take the requested state: ${stack.refusedFeatures.join(', ')}`] : []),
    'cpus' in stack.pinning
      ? `  sender on CPU ${stack.pinning.cpus[0]} and receiver on CPU ${stack.pinning.cpus[1]} (taskset), each with a core of its own as the simulator's hosts`
      : `  sender and receiver not pinned to CPUs (${stack.pinning.why}): the scheduler may put both on one core in some runs, which costs more per TCP byte`,
    '  CPU: system time of the sending and the receiving process per unit (veth delivers in the sender’s context); median of the repeats',
    '  work per unit: system calls (the sender’s writes, the receiver’s reads), segments each side’s device counted (GSO super-segments, GRO batches), wire packets, pure ACKs, inner IP bytes',
    '  softirqs: NET_RX softirq runs on the whole machine per unit, each a NAPI poll on each side (a datagram takes a poll to itself, a TCP stream’s packets share one among tens); VXLAN pays vxlanPollNs per poll',
    ...textTableLines(
      ['proto', 'stack', 'offl', 'size B', 'unit', 'writes', 'reads', 'seg tx', 'seg rx', 'packets', 'acks', 'softirqs', 'IP B', 'median ns', 'min–max ns', 'predicted ns', 'error'],
      pointRows(stack),
      2,
    ),
  ];
  const fitted = FITTED_COSTS.filter((f) => stack.costs[f] !== undefined).map((f) => `${f} ${stack.costs[f]}`);
  const kept = FITTED_COSTS.filter((f) => stack.costs[f] === undefined);
  const worst = `${fixed(stack.worstError * 100, 1)} %`;
  lines.push(
    `  fit per side (least squares of relative errors, with the simulator’s cost model): ${fitted.join(', ')}${kept.length > 0 ? `; not determined, kept from ${base}: ${kept.join(', ')}` : ''}`,
    `  worst error of the written profile against the medians: ${worst}`,
    ...verdictLines(stack),
    '  the fitted costs per side, as the simulator splits them:',
    ...textTableLines(['stack', 'offl', 'per call', 'per poll', 'per segment', 'per packet', 'per byte'], partsRows(stack), 2),
    ...kernelCipherNotes(stack.kernelCiphers).map((note) => `  ${note}`),
  );
  return `${lines.join('\n')}\n`;
}
