/**
 * The encapsulation path's cost in simulator speed: scenarios/encrypted-vs-plain.yaml scaled to
 * 100 hosts (25 racks), each variant run on its own, best of N rounds. Prints wall time and
 * events/s per variant and the ratio of each overlay variant's events/s to the bare underlay's.
 * Target: the overlay and encrypted paths keep >= 0.75 of the bare path's events/s.
 *
 *   node --import tsx bench/encrypted-vs-plain.ts [--rounds N]
 */
import { parseArgs } from 'node:util';
import { loadScenario } from '../src/scenario/load.ts';
import { runScenario } from '../src/scenario/run.ts';
import { type BenchLine, info, judged, millions, peakRssMb, report } from './lib.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const ROUNDS = Number(values.rounds);
const TARGET_RATIO = 0.75;

const loaded = loadScenario('scenarios/encrypted-vs-plain.yaml', ['underlay.hosts=100', 'underlay.racks=25', 'services.client.replicas=25', 'services.server.replicas=25']);
console.log(`encrypted-vs-plain at 100 hosts: variants ${loaded.variants.map((v) => v.name).join(', ')}; best of ${ROUNDS} rounds`);

const best = new Map<string, { ms: number; events: number }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const v of loaded.variants) {
    const started = performance.now();
    const result = await runScenario(v.resolved);
    const ms = performance.now() - started;
    console.log(`  round ${round + 1} ${v.name.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms  ${result.eventsProcessed} events`);
    const prev = best.get(v.name);
    if (!prev || ms < prev.ms) best.set(v.name, { ms, events: result.eventsProcessed });
  }
}

const rate = (name: string) => {
  const b = best.get(name);
  return b ? b.events / (b.ms / 1000) : 0;
};
const lines: BenchLine[] = [];
for (const [name, b] of best) lines.push(info(`${name}: wall / events/s`, `${b.ms.toFixed(0)} ms / ${millions(rate(name))}`));
for (const name of ['overlay', 'encrypted']) {
  const ratio = rate(name) / rate('bare');
  lines.push(judged(`${name} events/s ÷ bare events/s`, ratio.toFixed(2), `>= ${TARGET_RATIO}`, ratio >= TARGET_RATIO));
}
lines.push(info('peak RSS', `${peakRssMb().toFixed(0)} MB`));
report({ name: 'encrypted-vs-plain', lines, peakRssMb: peakRssMb() });
