/**
 * Building a large underlay: a 1000-host leaf-spine (25 racks of 40 hosts, 4 spines) from a
 * YAML string, through the same steps as a scenario file (parse, validate, resolve), then
 * buildSimulation with every node's static ECMP routes. Prints the time of each step and
 * peak RSS. Target: the first (cold) build < 1 s, peak RSS < 300 MB.
 *
 *   node --import tsx bench/topology-build.ts [--hosts N] [--racks N] [--spines N] [--rounds N]
 */
import { parseArgs } from 'node:util';
import { buildSimulation } from '../src/scenario/build.ts';
import { resolveScenario } from '../src/scenario/resolve.ts';
import { scenarioSchema } from '../src/scenario/schema.ts';
import { ScenarioSource } from '../src/scenario/source.ts';
import { type BenchLine, info, judged, peakRssMb, report, timed } from './lib.ts';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '1000' },
    racks: { type: 'string', default: '25' },
    spines: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
  },
});
const ROUNDS = Number(values.rounds);
const TARGET_BUILD_MS = 1000;
const TARGET_RSS_MB = 300;

const text = `
name: leaf-spine-${values.hosts}
duration: 1s
underlay:
  topology: leaf-spine
  hosts: ${values.hosts}
  racks: ${values.racks}
  spines: ${values.spines}
  hostLink:   { bandwidth: 10Gbps, delay: 5us, mtu: 1500 }
  fabricLink: { bandwidth: 40Gbps, delay: 2us, mtu: 9000 }
`;

const rssBeforeMb = peakRssMb();
const parsed = timed(() => ScenarioSource.parse('<bench/topology-build>', text));
const validated = timed(() => parsed.value.validate(scenarioSchema));
const resolvedOrIssues = timed(() => resolveScenario(validated.value));
const resolved = resolvedOrIssues.value;
if (Array.isArray(resolved)) throw new Error(`the bench scenario is invalid: ${JSON.stringify(resolved)}`);
console.log(
  `topology-build: leaf-spine, ${values.hosts} hosts, ${values.racks} racks, ${values.spines} spines; ` +
    `parse ${parsed.ms.toFixed(0)} ms, validate ${validated.ms.toFixed(0)} ms, resolve ${resolvedOrIssues.ms.toFixed(0)} ms`,
);

const cold = timed(() => buildSimulation(resolved, resolved.seed));
const rssAfterMb = peakRssMb();
const sim = cold.value;
let routeEntries = 0;
let portSets = 0;
for (const node of sim.nodes) {
  for (const set of node.routeSetOf) if (set >= 0) routeEntries++;
  portSets += node.portSets.length;
}
console.log(`  build 1 (cold)  ${cold.ms.toFixed(0).padStart(5)} ms   peak RSS ${rssAfterMb.toFixed(0)} MB`);
let warmMs = Infinity;
for (let round = 2; round <= ROUNDS; round++) {
  const warm = timed(() => buildSimulation(resolved, resolved.seed));
  warmMs = Math.min(warmMs, warm.ms);
  console.log(`  build ${round} (warm)  ${warm.ms.toFixed(0).padStart(5)} ms`);
}

const lines: BenchLine[] = [
  info('nodes / link directions', `${sim.nodes.length} / ${sim.links.length}`),
  info('route entries / distinct ECMP sets', `${routeEntries} / ${portSets}`),
  info('parse + validate + resolve', `${(parsed.ms + validated.ms + resolvedOrIssues.ms).toFixed(0)} ms`),
  judged('build with routes (cold)', `${cold.ms.toFixed(0)} ms`, `< ${TARGET_BUILD_MS} ms`, cold.ms < TARGET_BUILD_MS),
];
if (ROUNDS > 1) lines.push(info(`build with routes (best warm of ${ROUNDS - 1})`, `${warmMs.toFixed(0)} ms`));
lines.push(
  info('peak RSS before build (runtime + modules)', `${rssBeforeMb.toFixed(0)} MB`),
  judged('peak RSS after the cold build', `${rssAfterMb.toFixed(0)} MB`, `< ${TARGET_RSS_MB} MB`, rssAfterMb < TARGET_RSS_MB),
);
report({ name: 'topology-build', lines, peakRssMb: peakRssMb() });
