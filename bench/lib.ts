/**
 * Shared helpers of the benchmarks: the bare tinyqueue reference loop, timing, formatting and
 * the result a benchmark hands back to run-all.ts. Benchmarks assert nothing; they print
 * figures, a target and PASS or MISS.
 */
import { spawnSync } from 'node:child_process';
import type TinyQueueType from 'tinyqueue';
import { buildDist } from '../scripts/build.js';
import { type EventQueue, HeapEventQueue, TinyEventQueue } from '../src/core/event-queue.ts';
import { RandomStream } from '../src/core/rng.ts';
import { TwoTierEventQueue } from '../src/core/two-tier-queue.ts';

/**
 * The bare loop's own instance of the tinyqueue module (a query string makes Node evaluate the
 * file again). V8 keeps type feedback per function, so with one shared copy the engine's
 * comparator and the bare loop's comparator would make tinyqueue's sift code polymorphic and
 * slow both down in whichever order they ran; a simulation run only ever sees the engine's.
 */
const { default: TinyQueue } = (await import(`${import.meta.resolve('tinyqueue')}?bench-bare`)) as { default: typeof TinyQueueType };

/** One headline figure of a benchmark, as run-all.ts tabulates it. */
export interface BenchLine {
  /** What was measured, e.g. `engine/bare ratio`. */
  metric: string;
  /** The value as printed, unit included. */
  value: string;
  /** The target as printed, e.g. `>= 0.85`; empty when the figure is informative only. */
  target: string;
  /** PASS, MISS, or empty when there is no target. */
  verdict: '' | 'PASS' | 'MISS';
}

/** What a benchmark reports to run-all.ts through the IPC channel (when it runs as a child). */
export interface BenchResult {
  name: string;
  lines: BenchLine[];
  /** Peak resident set size of the benchmark's process, MB. */
  peakRssMb: number;
}

/** Peak resident set size of this process so far, MB (`maxRSS` is in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A line with a target: PASS when `ok`. */
export function judged(metric: string, value: string, target: string, ok: boolean): BenchLine {
  return { metric, value, target, verdict: ok ? 'PASS' : 'MISS' };
}

/** A line without a target. */
export function info(metric: string, value: string): BenchLine {
  return { metric, value, target: '', verdict: '' };
}

/** Prints the lines as an aligned block and, under run-all.ts, sends the result to the parent. */
export function report(result: BenchResult): void {
  const width = Math.max(...result.lines.map((l) => l.metric.length));
  const valueWidth = Math.max(...result.lines.map((l) => l.value.length));
  console.log(`\n${result.name}: summary`);
  for (const l of result.lines) {
    const target = l.target === '' ? '' : `   target ${l.target}   ${l.verdict}`;
    console.log(`  ${l.metric.padEnd(width)}  ${l.value.padStart(valueWidth)}${target}`);
  }
  process.send?.(result);
}

/** Millions with `digits` decimals, e.g. `4.12 M`. */
export function millions(x: number, digits = 2): string {
  return `${(x / 1e6).toFixed(digits)} M`;
}

/** Runs `fn` and returns its result and the wall time it took, ms. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/**
 * A table of integer exponential increments (ns) drawn from a seeded stream, cycled by index.
 * Drawing them ahead keeps the random generator out of both timed loops, so the loops differ
 * only in the queue and the kernel around it.
 */
export function exponentialIncrements(meanNs: number, size = 1 << 20, seed = 42): Float64Array {
  const rng = new RandomStream(seed, 0, 'bench/hold');
  const table = new Float64Array(size);
  for (let i = 0; i < size; i++) table[i] = Math.round(rng.exponential(meanNs));
  return table;
}

/** The plain object the bare loop queues: a time and nothing else. */
interface BareEvent {
  timeNs: number;
}

function bareEarlier(a: BareEvent, b: BareEvent): number {
  return a.timeNs - b.timeNs;
}

/**
 * The reference: the hold model on a bare tinyqueue of `{ timeNs }` objects. Starts with
 * `pending` events, then `steps` times pops the earliest and pushes a new one an increment
 * later. Returns the sum of popped times (a checksum: any correct queue gives the same sum).
 */
export function bareHold(pending: number, steps: number, increments: Float64Array): { checksum: number; ms: number } {
  const mask = increments.length - 1;
  const queue = new TinyQueue<BareEvent>([], bareEarlier);
  for (let i = 0; i < pending; i++) queue.push({ timeNs: increments[(steps + i) & mask] as number });
  const start = performance.now();
  let checksum = 0;
  for (let i = 0; i < steps; i++) {
    const e = queue.pop() as BareEvent;
    checksum += e.timeNs;
    queue.push({ timeNs: e.timeNs + (increments[i & mask] as number) });
  }
  return { checksum, ms: performance.now() - start };
}

/** Wall time of one whole process (`node` with `args`), start to exit, ms; throws if it fails. */
export function timeProcess(args: readonly string[]): { ms: number; stdout: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Builds dist/ from the current sources if it is older than them (bin/overlaysim.js runs
 * dist/), so whole-process figures measure the code in the work tree.
 */
export function ensureBuilt(): void {
  const { status, output } = buildDist();
  if (status !== 0) throw new Error(`npm run build failed:\n${output}`);
}

/**
 * The engine's queues a benchmark's `--queue` option names: the default (two 4-ary heaps split at
 * a 1 ms horizon, and a slot for the earliest event), and the alternatives.
 */
export const QUEUES: Record<string, { name: string; make: () => EventQueue }> = {
  'two-tier': { name: 'TwoTierEventQueue', make: () => new TwoTierEventQueue() },
  tiny: { name: 'TinyEventQueue', make: () => new TinyEventQueue() },
  heap: { name: 'HeapEventQueue', make: () => new HeapEventQueue() },
};

/** The queue `--queue` names; throws on an unknown name. */
export function queueNamed(option: string): { name: string; make: () => EventQueue } {
  const queue = QUEUES[option];
  if (queue === undefined) throw new Error(`--queue: expected one of ${Object.keys(QUEUES).join(', ')}, got ${option}`);
  return queue;
}
