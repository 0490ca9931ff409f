/**
 * The packet-level hot path end to end: scenarios/p2p-udp.yaml (two hosts, one 1 Gbit/s link,
 * 500 Mbit/s UDP CBR for 10 s, about 425 000 packets) loaded through loadScenario and run
 * through runScenario, with its flow and link monitors. Prints wall time, events/s, packets/s,
 * packet-hops/s and peak RSS. Target: >= 2 M packet-hops per second of wall time, < 200 MB RSS.
 *
 * Absolute times drift on a shared machine, so each round also runs a reference loop in the
 * same process (the bare tinyqueue hold loop with as many events as the scenario processed)
 * and the ratio scenario/reference is printed beside the absolute figures. `--queue tiny|heap`
 * runs the scenario on one tinyqueue heap or one HeapEventQueue instead of the default
 * TwoTierEventQueue; its results digest must not change.
 *
 * Then the whole process a user runs: `overlaysim run` of the scenario (start-up, loading,
 * the run, and writing every result file, report.html included), timed from spawn to exit,
 * against bench/p2p-udp-bare.js, a bare tinyqueue loop doing the same packets as a process of
 * its own, in the same rounds. Target: the best whole run <= 0.45 s here (ns-3 takes about
 * 3.4 s for the same case); the ratio to the bare loop is printed beside it.
 *
 *   node --import tsx bench/p2p-udp.ts [--rounds N] [--process-rounds N] [--scenario FILE] [--queue two-tier|tiny|heap]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Scheduler } from '../src/core/scheduler.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { type RunResult, runScenario } from '../src/scenario/run.ts';
import { bareHold, type BenchLine, ensureBuilt, exponentialIncrements, info, judged, median, millions, peakRssMb, queueNamed, report, timed, timeProcess } from './lib.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'process-rounds': { type: 'string', default: '5' },
    scenario: { type: 'string', default: 'scenarios/p2p-udp.yaml' },
    queue: { type: 'string', default: 'two-tier' },
  },
});
const queue = queueNamed(values.queue);
// The scenario builder makes its Scheduler with the default queue; --queue swaps it for the
// whole process (one queue class per process, as in a real run).
Scheduler.defaultQueue = queue.make;
const ROUNDS = Number(values.rounds);
const TARGET_HOPS_PER_S = 2e6;
const TARGET_RSS_MB = 200;
const TARGET_PROCESS_S = 0.45;
const PROCESS_ROUNDS = Number(values['process-rounds']);
/**
 * Events kept pending in the reference loop: about as many as this scenario holds (the source's
 * next send, the transmitter's end of serialisation, the head of the wire), so the ratio reads
 * as the share of a bare queue's speed the scenario keeps with its models and monitors.
 */
const REFERENCE_PENDING = 4;

const load = timed(() => loadScenario(values.scenario));
const scenario = load.value.resolved;
console.log(
  `p2p-udp: ${values.scenario} on ${queue.name}${values.queue === 'two-tier' ? ' (default)' : ''}, ` +
    `loaded in ${load.ms.toFixed(0)} ms; best of ${ROUNDS} rounds, each the scenario then the reference loop`,
);

/** Packets carried over every link direction (each counts once per hop it made). */
const packetHops = (r: RunResult) => r.links.reduce((sum, l) => sum + l.txPackets, 0);
/** Everything a run reports but its wall time, for comparing runs. */
const fingerprint = (r: RunResult) => JSON.stringify([r.flows, r.links, r.eventsProcessed, r.packetsCreated]);

const increments = exponentialIncrements(1000);
let best: { ms: number; result: RunResult } | undefined;
let bestReferenceMs = Infinity;
let rssAfterFirstRunMb = 0;
let coldMs = 0;
let expected = '';
for (let round = 1; round <= ROUNDS; round++) {
  const start = performance.now();
  const result = await runScenario(scenario);
  const run = { ms: performance.now() - start, result };
  if (round === 1) {
    rssAfterFirstRunMb = peakRssMb();
    coldMs = run.ms;
    expected = fingerprint(result);
  } else if (fingerprint(result) !== expected) {
    throw new Error('the scenario gave different results than in the first round');
  }
  if (best === undefined || run.ms < best.ms) best = run;
  const reference = bareHold(REFERENCE_PENDING, result.eventsProcessed, increments);
  bestReferenceMs = Math.min(bestReferenceMs, reference.ms);
  const hops = packetHops(result);
  console.log(
    `  round ${round}  scenario ${run.ms.toFixed(0).padStart(5)} ms  ${millions(hops / (run.ms / 1e3))} hops/s   ` +
      `reference loop ${reference.ms.toFixed(0).padStart(4)} ms  ${millions(result.eventsProcessed / (reference.ms / 1e3))} events/s`,
  );
}

const { ms, result } = best as { ms: number; result: RunResult };
const perS = (n: number) => n / (ms / 1e3);
const hops = packetHops(result);
const delivered = result.flows.reduce((sum, f) => sum + f.rxPackets, 0);
const referenceEventsPerS = result.eventsProcessed / (bestReferenceMs / 1e3);
const lines: BenchLine[] = [
  info('events processed', String(result.eventsProcessed)),
  info('packets created / delivered', `${result.packetsCreated} / ${delivered}`),
  info('packet-hops (sum of link txPackets)', String(hops)),
  info('wall time (build + run), first round', `${coldMs.toFixed(0)} ms`),
  info('packet-hops/s, first round (cold JIT)', `${millions(hops / (coldMs / 1e3))}/s`),
  info('wall time (build + run), best round', `${ms.toFixed(0)} ms`),
  info('events/s', `${millions(perS(result.eventsProcessed))}/s`),
  info('packets/s', `${millions(perS(result.packetsCreated))}/s`),
  judged('packet-hops/s, best round', `${millions(perS(hops))}/s`, `>= ${millions(TARGET_HOPS_PER_S, 0)}/s`, perS(hops) >= TARGET_HOPS_PER_S),
  info(`reference loop events/s (pending ${REFERENCE_PENDING})`, `${millions(referenceEventsPerS)}/s`),
  info('ratio scenario/reference events/s', (perS(result.eventsProcessed) / referenceEventsPerS).toFixed(3)),
  info('results digest (equal for every queue)', createHash('sha256').update(expected).digest('hex').slice(0, 16)),
  judged('peak RSS after first run', `${rssAfterFirstRunMb.toFixed(0)} MB`, `< ${TARGET_RSS_MB} MB`, rssAfterFirstRunMb < TARGET_RSS_MB),
];
lines.push(...wholeProcessLines(result));
report({ name: values.queue === 'two-tier' ? 'p2p-udp' : `p2p-udp --queue ${values.queue}`, lines, peakRssMb: peakRssMb() });

/**
 * `overlaysim run` as a whole process against the bare loop as a whole process, alternating,
 * `PROCESS_ROUNDS` rounds each (the default queue only: the command line always uses it).
 */
function wholeProcessLines(inProcess: RunResult): BenchLine[] {
  if (values.queue !== 'two-tier') return [];
  ensureBuilt();
  const out = mkdtempSync(join(tmpdir(), 'overlaysim-bench-'));
  const runArgs = ['bin/overlaysim.js', 'run', values.scenario, '--out', out, '--quiet'];
  const bareArgs = ['bench/p2p-udp-bare.js'];
  const runMs: number[] = [];
  const bareMs: number[] = [];
  let bare = { created: 0, delivered: 0 };
  try {
    for (let round = 1; round <= PROCESS_ROUNDS; round++) {
      runMs.push(timeProcess(runArgs).ms);
      const b = timeProcess(bareArgs);
      bareMs.push(b.ms);
      bare = JSON.parse(b.stdout) as typeof bare;
      console.log(`  process round ${round}  overlaysim run ${runMs.at(-1)?.toFixed(0).padStart(5)} ms   bare loop ${bareMs.at(-1)?.toFixed(0).padStart(4)} ms`);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { engine: { packetsCreated: number }; totals: { rxPackets: number } };
    if (summary.engine.packetsCreated !== inProcess.packetsCreated) throw new Error('overlaysim run created other packets than runScenario');
    const same = bare.created === summary.engine.packetsCreated && bare.delivered === summary.totals.rxPackets;
    if (values.scenario === 'scenarios/p2p-udp.yaml' && !same) throw new Error(`the bare loop did other packets: ${JSON.stringify(bare)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const best = Math.min(...runMs);
  const bestBare = Math.min(...bareMs);
  return [
    info(`overlaysim run, whole process, median of ${PROCESS_ROUNDS}`, `${median(runMs).toFixed(0)} ms`),
    judged('overlaysim run, whole process, best', `${(best / 1e3).toFixed(2)} s`, `<= ${TARGET_PROCESS_S} s`, best / 1e3 <= TARGET_PROCESS_S),
    info('bare tinyqueue loop, same packets, whole process, best', `${bestBare.toFixed(0)} ms`),
    info('ratio overlaysim run / bare loop, whole process, best', (best / bestBare).toFixed(2)),
  ];
}
