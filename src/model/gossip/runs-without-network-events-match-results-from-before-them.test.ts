import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultFiles } from '../../report/write-results.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * Golden files: fixtures/no-network-events/gossip.csv and summary.json were first written by the
 * simulator as it was before network events existed (commit 802e77b), and written again when the
 * control plane's model changed on purpose (push/pull phases spread over the period, NetworkDB's
 * reconnect loop, dead members counted in N, replies before piggybacked news), for the scenario below: two
 * networks, endpoint churn and creates, a crash, a partition, a cluster join, a graceful leave and
 * a recovery, 2 % loss. A run without network events must give them byte for byte (the same
 * random draws, packets, times and counts, events processed included); one network event on an
 * otherwise identical run must change them, so the comparison can fail.
 */
const SCENARIO = `name: no-network-events
seed: 9
duration: 20s
underlay: { topology: abstract, hosts: 60 }
networks: { appnet: { subnet: 10.0.0.0/24 }, backend: { subnet: 10.0.1.0/24 } }
services:
  web: { replicas: 60, networks: [appnet] }
  db: { replicas: 12, networks: [backend], placement: [h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12] }
gossip:
  transport: { kind: abstract, delay: 150us, jitter: 100us }
  loss: 2%
  events:
    - { kind: endpoints, at: 1s, network: appnet, action: churn, count: 20, rate: 10/s }
    - { kind: endpoints, at: 2s, network: backend, action: create, count: 10, rate: 20/s }
    - { kind: crash, at: 3s, hosts: 2 }
    - { kind: partition, at: 4s, hosts: [h5, h6], heal: 9s }
    - { kind: join, at: 6s, hosts: [h60] }
    - { kind: leave, at: 10s, hosts: [h59] }
    - { kind: recover, at: 12s, hosts: [h1] }
`;
const FIXTURES = 'src/model/gossip/fixtures/no-network-events';

async function files(text: string): Promise<Map<string, string>> {
  const result = await runScenario(loadScenarioText('no-network-events.yaml', text).resolved);
  return resultFiles(result, { scenarioFile: 'no-network-events.yaml', scenarioSha256: '', toolVersion: 'test', sets: [] });
}

describe('a gossip run without network events', () => {
  it('writes the gossip.csv and summary.json of the simulator before network events, byte for byte', async () => {
    const f = await files(SCENARIO);
    expect(f.get('gossip.csv')).toBe(readFileSync(`${FIXTURES}/gossip.csv`, 'utf8'));
    expect(f.get('summary.json')).toBe(readFileSync(`${FIXTURES}/summary.json`, 'utf8'));
  });

  it('differs once a network event is added', async () => {
    const f = await files(`${SCENARIO}    - { kind: network, at: 15s, network: backend, hosts: [h30], action: join }\n`);
    expect(f.get('gossip.csv')).not.toBe(readFileSync(`${FIXTURES}/gossip.csv`, 'utf8'));
  });
});
