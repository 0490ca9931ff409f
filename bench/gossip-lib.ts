/**
 * The gossip benchmarks' shared body: a service task on every host, the LAN profile over the
 * abstract transport or the packet underlay, some endpoint events and a crash; prints wall
 * time, events and peak RSS against the targets and hands them to run-all.ts.
 */
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
  const started = performance.now();
  const result = await runScenario(loadScenarioText('bench.yaml', scenario).resolved);
  const wallS = (performance.now() - started) / 1000;
  const rssMb = peakRssMb();
  report({
    name: `gossip-${b.hosts}`,
    lines: [
      info('events processed / tracked gossip events', `${result.eventsProcessed} / ${result.gossip?.events.length ?? 0}`),
      judged('wall time', `${wallS.toFixed(2)} s`, `< ${b.targetWallS} s`, wallS < b.targetWallS),
      judged('peak RSS', `${rssMb.toFixed(0)} MB`, `< ${b.targetRssMb} MB`, rssMb < b.targetRssMb),
    ],
    peakRssMb: rssMb,
  });
}
