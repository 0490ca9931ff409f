/**
 * Worker threads pay off: a 16-point sweep of a small scenario (16 hosts, 3 s simulated, about
 * half a second per point) run on 1 and on 2 worker threads (the same jobs, the same results),
 * alternating, best of N. Target: 2 workers at least 1.7 times faster than 1. A worker costs
 * about half a second to start (it loads the TypeScript sources through tsx), so sweeps of
 * very short points gain little from threads. On a shared machine the other core may be busy; rerun when the
 * machine is quiet before reading a MISS as a regression.
 *
 *   node --import tsx bench/sweep-speedup.ts [--rounds N]
 */
import { parseArgs } from 'node:util';
import { loadScenarioText } from '../src/scenario/load.ts';
import { type JobInput, planJobs } from '../src/sweep/job.ts';
import { runJobs } from '../src/sweep/pool.ts';
import { type BenchLine, info, judged, peakRssMb, report } from './lib.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const ROUNDS = Number(values.rounds);
const TARGET = 1.7;

const text = `
name: sweep-bench
duration: 3s
underlay: { topology: leaf-spine, hosts: 16, racks: 4, hostLink: { bandwidth: 10Gbps, delay: 5us }, fabricLink: { bandwidth: 40Gbps, delay: 2us } }
hosts: { cores: 4, cpu: aesni }
networks: { appnet: {} }
services:
  a: { replicas: 4, networks: [appnet] }
  b: { replicas: 4, networks: [appnet] }
workloads:
  - { name: load, kind: udp-poisson, from: a, to: b, packetRate: 50000/s, payload: 1000B }
sweep:
  workloads.0.packetRate: [20000/s, 40000/s, 60000/s, 80000/s]
  networks.appnet.encrypted: [false, true]
  underlay.hostLink.bandwidth: [10Gbps, 25Gbps]
`;
const file = 'sweep-bench.yaml';
const points = loadScenarioText(file, text).sweep.length;
const inputs: JobInput[] = planJobs(points, [], 1).map((job) => ({ file, text, sets: [], seed: undefined, untilNs: undefined, job }));
console.log(`sweep-speedup: ${inputs.length} runs, best of ${ROUNDS} rounds on 1 and on 2 worker threads`);

const best = { one: Infinity, two: Infinity };
let digest = '';
for (let round = 0; round < ROUNDS; round++) {
  for (const threads of [1, 2] as const) {
    const started = performance.now();
    const results = await runJobs(inputs, { threads });
    const ms = performance.now() - started;
    const d = JSON.stringify(results.map((r) => [r.eventsProcessed, r.flows]));
    if (digest === '') digest = d;
    else if (d !== digest) throw new Error('results differ between thread counts');
    console.log(`  round ${round + 1}: ${threads} thread${threads === 1 ? ' ' : 's'} ${ms.toFixed(0).padStart(6)} ms`);
    if (threads === 1) best.one = Math.min(best.one, ms);
    else best.two = Math.min(best.two, ms);
  }
}
const speedup = best.one / best.two;
const lines: BenchLine[] = [
  info('1 thread / 2 threads', `${best.one.toFixed(0)} ms / ${best.two.toFixed(0)} ms`),
  judged('speed-up with 2 workers', `${speedup.toFixed(2)}×`, `>= ${TARGET}`, speedup >= TARGET),
];
report({ name: 'sweep-speedup', lines, peakRssMb: peakRssMb() });
