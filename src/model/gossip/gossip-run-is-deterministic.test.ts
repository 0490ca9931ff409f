import { describe, expect, it } from 'vitest';
import { resultFiles } from '../../report/write-results.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * Same scenario and seed → byte-identical result files (run.json aside); another seed differs.
 * Two runs: membership churn (crashes, a partition, a recovery) with endpoint churn; and network
 * events in every form: hosts joining a network with entries, one joining the cluster and a
 * network in the same instant, a leave (its entries deleted), a rejoin, a host that crashes while
 * attached and recovers (its view rebuilt, its network joined again), with endpoint churn on the
 * changing network.
 */
const SCENARIOS: { name: string; text: string; rows: string[] }[] = [
  {
    name: 'membership and endpoint churn',
    rows: ['crash', 'endpoint-create', 'endpoint-delete'],
    text: `name: det
seed: 9
duration: 20s
underlay: { topology: abstract, hosts: 60 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 60, networks: [appnet] } }
gossip:
  transport: { kind: abstract, delay: 150us, jitter: 100us }
  loss: 2%
  events:
    - { kind: endpoints, at: 1s, network: appnet, action: churn, count: 20, rate: 10/s }
    - { kind: crash, at: 3s, hosts: 2 }
    - { kind: partition, at: 4s, hosts: [h5, h6], heal: 9s }
    - { kind: recover, at: 12s, hosts: [h1] }
`,
  },
  {
    name: 'network events',
    rows: ['network-join', 'network-leave', 'network-sync'],
    text: `name: det-network-events
seed: 9
duration: 40s
underlay: { topology: abstract, hosts: 60 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 20, networks: [appnet], placement: [h1, h2, h3, h4, h5, h6, h7, h8, h9, h10] } }
gossip:
  transport: { kind: abstract, delay: 150us, jitter: 100us }
  loss: 2%
  events:
    - { kind: endpoints, at: 1s, network: appnet, action: churn, count: 30, rate: 10/s }
    - { kind: network, at: 2s, network: appnet, hosts: [h30, h31, h32], action: join }
    - { kind: join, at: 3s, hosts: [h60] }
    - { kind: network, at: 3s, network: appnet, hosts: [h60], action: join }
    - { kind: network, at: 6s, network: appnet, hosts: [h3, h30], action: leave }
    - { kind: crash, at: 8s, hosts: [h31] }
    - { kind: network, at: 10s, network: appnet, hosts: [h30], action: join }
    - { kind: recover, at: 14s, hosts: [h31] }
`,
  },
];

async function files(text: string, seed: number): Promise<Map<string, string>> {
  const loaded = loadScenarioText('det.yaml', text, [`seed=${seed}`]);
  const result = await runScenario(loaded.resolved);
  const f = await resultFiles(result, { scenarioFile: 'det.yaml', scenarioSha256: '', toolVersion: 'test', sets: [] });
  f.delete('run.json');
  return f;
}

describe('a gossip run', () => {
  it.each(SCENARIOS)('with $name writes byte-identical files for the same seed, and a different gossip.csv for another seed', async ({ text, rows }) => {
    const a = await files(text, 9);
    const b = await files(text, 9);
    for (const row of rows) expect(a.get('gossip.csv')).toContain(`,${row},`);
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
    const c = await files(text, 10);
    expect(c.get('gossip.csv')).not.toBe(a.get('gossip.csv'));
  });
});
