/**
 * The classic hold model (Vaucher & Duval 1975; Jones 1986): keep PENDING events queued, then
 * STEPS times pop the earliest and schedule a new one an exponential increment later. It
 * measures the kernel (Scheduler + its queue) against a bare tinyqueue loop doing the same
 * work with plain `{ timeNs }` objects, in the same process, alternating the two and keeping
 * the best of each. Target: engine/bare >= 0.85, judged on `Scheduler.schedule` (a new
 * cancellable event object per event, as the bare loop allocates a new object per event);
 * `Scheduler.post` (no handle, event objects reused) is measured beside it.
 *
 * One process measures one engine queue (a simulation only ever uses one, and V8 compiles the
 * kernel for the queue class it sees): the default TwoTierEventQueue (two 4-ary heaps split at a
 * 1 ms horizon, and a slot for the earliest event), `--queue tiny` one tinyqueue heap, `--queue
 * heap` one 4-ary HeapEventQueue.
 *
 *   node --import tsx bench/engine-hold.ts [--pending N] [--steps N] [--rounds N] [--queue two-tier|tiny|heap]
 */
import { parseArgs } from 'node:util';
import type { EventTarget } from '../src/core/event-queue.ts';
import { Scheduler } from '../src/core/scheduler.ts';
import { bareHold, type BenchLine, exponentialIncrements, info, judged, millions, peakRssMb, queueNamed, report } from './lib.ts';

const { values } = parseArgs({
  options: {
    pending: { type: 'string', default: '100000' },
    steps: { type: 'string', default: '5000000' },
    rounds: { type: 'string', default: '3' },
    queue: { type: 'string', default: 'two-tier' },
  },
});
const queue = queueNamed(values.queue);
const makeQueue = queue.make;
const QUEUE_NAME = queue.name;
const PENDING = Number(values.pending);
const STEPS = Number(values.steps);
const ROUNDS = Number(values.rounds);
const MEAN_INCREMENT_NS = 1_000_000;
const TARGET_RATIO = 0.85;

/**
 * The one event target of the model: each event reschedules itself an increment later, with
 * `schedule` (a new cancellable SimEvent per event) or `post` (no handle; objects reused).
 */
class Holder implements EventTarget {
  private i = 0;
  checksum = 0;
  private readonly mask: number;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly increments: Float64Array,
    private readonly usePost: boolean,
  ) {
    this.mask = increments.length - 1;
  }

  onEvent(_kind: number, nowNs: number): void {
    this.checksum += nowNs;
    const delayNs = this.increments[this.i++ & this.mask] as number;
    if (this.usePost) this.scheduler.post(delayNs, this);
    else this.scheduler.schedule(delayNs, this);
  }
}

/** The hold model on the engine: Scheduler.run with the given queue. */
function engineHold(
  usePost: boolean,
  pending: number,
  steps: number,
  increments: Float64Array,
): { checksum: number; ms: number } {
  const scheduler = new Scheduler(makeQueue());
  const holder = new Holder(scheduler, increments, usePost);
  const mask = increments.length - 1;
  for (let i = 0; i < pending; i++) {
    const timeNs = increments[(steps + i) & mask] as number;
    if (usePost) scheduler.postAt(timeNs, holder);
    else scheduler.scheduleAt(timeNs, holder);
  }
  const start = performance.now();
  const ran = scheduler.run({ maxEvents: steps });
  const ms = performance.now() - start;
  if (ran !== steps) throw new Error(`engine ran ${ran} events, expected ${steps}`);
  return { checksum: holder.checksum, ms };
}

interface Contender {
  label: string;
  run: (pending: number, steps: number) => { checksum: number; ms: number };
  bestMs: number;
  checksum: number;
}

function contender(label: string, run: Contender['run']): Contender {
  return { label, run, bestMs: Infinity, checksum: NaN };
}

/** Warms the contenders up, then runs them in turn ROUNDS times, keeping each one's best. */
function phase(contenders: Contender[]): void {
  // Warm every contender up before timing any, so none is timed while still being compiled.
  for (const c of contenders) c.run(1000, 200_000);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of contenders) {
      const { checksum, ms } = c.run(PENDING, STEPS);
      if (!Number.isNaN(c.checksum) && c.checksum !== checksum) throw new Error(`${c.label}: checksum changed between rounds`);
      c.checksum = checksum;
      c.bestMs = Math.min(c.bestMs, ms);
      console.log(`  round ${round}  ${c.label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${millions(STEPS / (ms / 1e3))} events/s`);
    }
  }
}

const increments = exponentialIncrements(MEAN_INCREMENT_NS);
const engine = contender(`engine, schedule (${QUEUE_NAME})`, (p, s) => engineHold(false, p, s, increments));
const bare = contender('bare tinyqueue loop ({ timeNs } objects)', (p, s) => bareHold(p, s, increments));
const posting = contender(`engine, post (${QUEUE_NAME})`, (p, s) => engineHold(true, p, s, increments));

console.log(`engine-hold: ${PENDING} pending, ${STEPS} steps, mean increment ${MEAN_INCREMENT_NS} ns, best of ${ROUNDS} alternating rounds`);
phase([engine, bare, posting]);

for (const c of [engine, posting]) {
  if (c.checksum !== bare.checksum) throw new Error(`${c.label} popped different times than the bare loop (checksum ${c.checksum} vs ${bare.checksum})`);
}
const rate = (c: Contender) => STEPS / (c.bestMs / 1e3);
const ratio = rate(engine) / rate(bare);
const lines: BenchLine[] = [
  info(`engine events/s, schedule (${QUEUE_NAME})`, `${millions(rate(engine))}/s`),
  info('bare tinyqueue events/s', `${millions(rate(bare))}/s`),
  judged(`ratio engine/bare, schedule (${QUEUE_NAME})`, ratio.toFixed(3), `>= ${TARGET_RATIO}`, ratio >= TARGET_RATIO),
  info(`engine events/s, post (${QUEUE_NAME})`, `${millions(rate(posting))}/s`),
  info(`ratio engine/bare, post (${QUEUE_NAME})`, (rate(posting) / rate(bare)).toFixed(3)),
  info('checksum (sum of popped times)', String(bare.checksum)),
];
report({ name: values.queue === 'two-tier' ? 'engine-hold' : `engine-hold --queue ${values.queue}`, lines, peakRssMb: peakRssMb() });
