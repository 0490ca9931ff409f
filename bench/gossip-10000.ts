/**
 * Gossip control plane, 10 000 hosts, LAN profile, 60 s simulated, abstract transport, with a
 * burst of 20 endpoint joins and one crash. Target: < 120 s wall and < 2 GB peak RSS.
 * Run: node --import tsx bench/gossip-10000.ts
 */
import { loadScenarioText } from '../src/scenario/load.ts';
import { runScenario } from '../src/scenario/run.ts';

const HOSTS = Number(process.argv[2] ?? 10000);
const SCENARIO = `name: bench-gossip-${HOSTS}
seed: 1
duration: 60s
underlay: { topology: abstract, hosts: ${HOSTS} }
networks: { appnet: { subnet: 10.0.0.0/16 } }
services: { web: { replicas: ${HOSTS}, networks: [appnet] } }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events:
    - { kind: endpoints, at: 10s, network: appnet, action: create, count: 20, rate: 10/s }
    - { kind: crash, at: 20s, hosts: [h17] }
`;
const started = performance.now();
const result = await runScenario(loadScenarioText('bench.yaml', SCENARIO).resolved);
const wallS = (performance.now() - started) / 1000;
const rssGB = process.resourceUsage().maxRSS / 1024 / 1024;
const g = result.gossip!;
console.log(`gossip-${HOSTS}: ${wallS.toFixed(2)} s wall, peak RSS ${(rssGB * 1024).toFixed(0)} MB, ${result.eventsProcessed} events, ${g.events.length} tracked events`);
console.log(`target: < 120 s wall, < 2 GB RSS -> ${wallS < 120 && rssGB < 2 ? 'PASS' : 'MISS'}`);
