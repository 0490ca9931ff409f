/**
 * Gossip control plane, 1000 hosts, LAN profile, 120 s simulated, 100 endpoint events.
 * Gossip over the underlay is not built yet, so this uses the abstract transport.
 * Target: < 10 s wall and < 1 GB peak RSS. Run: node --import tsx bench/gossip-1000.ts
 */
import { loadScenarioText } from '../src/scenario/load.ts';
import { runScenario } from '../src/scenario/run.ts';

const HOSTS = Number(process.argv[2] ?? 1000);
const SCENARIO = `name: bench-gossip-${HOSTS}
seed: 1
duration: 120s
underlay: { topology: abstract, hosts: ${HOSTS} }
networks: { appnet: { subnet: 10.0.0.0/20 } }
services: { web: { replicas: ${HOSTS}, networks: [appnet] } }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events:
    - { kind: endpoints, at: 10s, network: appnet, action: create, count: 50, rate: 10/s }
    - { kind: endpoints, at: 60s, network: appnet, action: delete, count: 50, rate: 10/s }
    - { kind: crash, at: 30s, hosts: [h17] }
`;
const started = performance.now();
const result = await runScenario(loadScenarioText('bench.yaml', SCENARIO).resolved);
const wallS = (performance.now() - started) / 1000;
const rssGB = process.resourceUsage().maxRSS / 1024 / 1024;
const g = result.gossip!;
console.log(`gossip-${HOSTS}: ${wallS.toFixed(2)} s wall, peak RSS ${(rssGB * 1024).toFixed(0)} MB, ${result.eventsProcessed} events, ${g.events.length} tracked events`);
console.log(`target: < 10 s wall, < 1 GB RSS -> ${wallS < 10 && rssGB < 1 ? 'PASS' : 'MISS'}`);
