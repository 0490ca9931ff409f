/**
 * The gossip benchmarks' shared body: a service task on every host, the LAN profile over the
 * abstract transport or the packet underlay, some endpoint events and a crash; prints each
 * round's wall and CPU time, then events, the first and the best round's wall time, the least
 * CPU time, a digest of the results (every round must give the same) and peak RSS against the
 * targets, and hands them to run-all.ts. `--rounds N` sets the number of rounds. Before each round
 * it collects garbage and prints the heap still in use: a run that left state behind for the next
 * (a module-wide cache or pool, a listener never removed) shows as a heap that grows by round.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gossipTable } from '../src/report/gossip-report.ts';
import { summarise } from '../src/report/summary.ts';
import { linkTable } from '../src/report/tables.ts';
import { loadScenarioText } from '../src/scenario/load.ts';
import { runScenario } from '../src/scenario/run.ts';
import { info, judged, peakRssMb, report } from './lib.ts';

/** One gossip benchmark. */
export interface GossipBench {
  hosts: number;
  durationS: number;
  /** Subnet large enough for one task per host plus load-balancer endpoints. */
  subnet: string;
  /** The `gossip.events` list, as YAML flow mappings. */
  events: string[];
  targetWallS: number;
  targetRssMb: number;
  /** The underlay and transport lines; default: an abstract underlay and transport. */
  underlay?: string;
  transport?: string;
  /** Rounds when `--rounds` is not given; the best is judged, as in every other benchmark. */
  defaultRounds: number;
}

export async function runGossipBench(b: GossipBench): Promise<void> {
  const scenario = `name: bench-gossip-${b.hosts}
seed: 1
duration: ${b.durationS}s
${b.underlay ?? `underlay: { topology: abstract, hosts: ${b.hosts} }`}
networks: { appnet: { subnet: ${b.subnet} } }
services: { web: { replicas: ${b.hosts}, networks: [appnet] } }
gossip:
  profile: lan
  transport: ${b.transport ?? '{ kind: abstract, delay: 100us, jitter: 50us }'}
  events:
${b.events.map((e) => `    - ${e}`).join('\n')}
`;
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: String(b.defaultRounds) } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);
  const resolved = loadScenarioText('bench.yaml', scenario).resolved;
  // The global gc() without --expose-gc on the command line: a flag set before the first use.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const walls: number[] = [];
  const cpus: number[] = [];
  let events = '';
  let digest = '';
  for (let round = 1; round <= rounds; round++) {
    // The previous round's result is out of reach here: what the heap still holds, it kept.
    gc();
    const heapMb = process.memoryUsage().heapUsed / 1e6;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = await runScenario(resolved);
    walls.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuStarted);
    cpus.push((cpu.user + cpu.system) / 1e6);
    events = `${result.eventsProcessed} / ${result.gossip?.events.length ?? 0}`;
    // The summary, the gossip events' convergence and every link's counters: what a speed-up must not move.
    const tables = [summarise(result), result.gossip ? gossipTable(result.gossip) : [], linkTable(result)];
    const roundDigest = createHash('sha256').update(JSON.stringify(tables)).digest('hex').slice(0, 16);
    if (digest !== '' && roundDigest !== digest) throw new Error(`round ${round} gave other results (digest ${roundDigest}, before ${digest})`);
    digest = roundDigest;
    console.log(`  round ${round}  ${(walls[round - 1] as number).toFixed(2)} s  (CPU ${(cpus[round - 1] as number).toFixed(2)} s; heap before it ${heapMb.toFixed(0)} MB)`);
  }
  const wallS = Math.min(...walls);
  const rssMb = peakRssMb();
  report({
    name: `gossip-${b.hosts}`,
    lines: [
      info('events processed / tracked gossip events', events),
      info('results digest', digest),
      info('wall time, first round', `${(walls[0] as number).toFixed(2)} s`),
      // CPU time of this process (user + system): on a machine busier than its cores, wall time
      // includes waiting for a core, and this is the better guide to what a quiet machine takes.
      info('CPU time, least of the rounds', `${Math.min(...cpus).toFixed(2)} s`),
      judged(`wall time, best of ${rounds}`, `${wallS.toFixed(2)} s`, `< ${b.targetWallS} s`, wallS < b.targetWallS),
      judged('peak RSS', `${rssMb.toFixed(0)} MB`, `< ${b.targetRssMb} MB`, rssMb < b.targetRssMb),
    ],
    peakRssMb: rssMb,
  });
}
