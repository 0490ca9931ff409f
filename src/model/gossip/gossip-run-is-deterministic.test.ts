import { describe, expect, it } from 'vitest';
import { resultFiles } from '../../report/write-results.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/** Same scenario and seed → byte-identical result files (run.json aside); another seed differs. */
const SCENARIO = `name: det
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
`;

async function files(seed: number): Promise<Map<string, string>> {
  const loaded = loadScenarioText('det.yaml', SCENARIO, [`seed=${seed}`]);
  const result = await runScenario(loaded.resolved);
  const f = await resultFiles(result, { scenarioFile: 'det.yaml', scenarioSha256: '', toolVersion: 'test', sets: [] });
  f.delete('run.json');
  return f;
}

describe('a gossip run', () => {
  it('writes byte-identical files for the same seed, and a different gossip.csv for another seed', async () => {
    const a = await files(9);
    const b = await files(9);
    expect([...a.keys()]).toContain('gossip.csv');
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
    const c = await files(10);
    expect(c.get('gossip.csv')).not.toBe(a.get('gossip.csv'));
  });
});
