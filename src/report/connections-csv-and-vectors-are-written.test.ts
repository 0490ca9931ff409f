import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { resultFiles } from './write-results.ts';

/**
 * A run with TCP workloads writes connections.csv (one row per connection), the TCP section of
 * summary.md and the workloads' tcp figures in summary.json; `vectors: true` adds
 * vectors/<connection>.csv. A run without TCP writes none of them.
 */
const meta = { scenarioFile: 'x.yaml', scenarioSha256: '0', toolVersion: 'test', sets: [] };

function scenario(workloads: string): string {
  return `
name: files
duration: 200ms
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 1Gbps, delay: 1ms }]
workloads:
${workloads}
`;
}

describe('connections.csv and vectors are written for TCP workloads', () => {
  it('bulk with vectors and rpc', async () => {
    const text = scenario(`  - { name: bulk, kind: tcp-bulk, from: a, to: b, bytes: 1MB, streams: 2, vectors: true }
  - { name: rpc, kind: tcp-rpc, from: b, to: a, rate: 1000/s }`);
    const files = await resultFiles(await runScenario(loadScenarioText('f.yaml', text).resolved), meta);
    const csv = (files.get('connections.csv') ?? '').trim().split('\n');
    expect(csv[0]).toMatch(/^connection,workload,client,server,congestion,mssBytes,/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['bulk.1', 'bulk.2', 'rpc']);
    expect([...files.keys()].filter((f) => f.startsWith('vectors/'))).toEqual(['vectors/bulk.1.csv', 'vectors/bulk.2.csv']);
    expect(files.get('vectors/bulk.1.csv')?.split('\n')[0]).toBe('timeNs,end,event,cwndBytes,ssthreshBytes,flightBytes,rttSampleNs,srttNs,rtoNs');
    const summary = JSON.parse(files.get('summary.json') ?? '{}');
    expect(summary.workloads[0].tcp.completed).toBe(2);
    expect(summary.workloads[1].tcp.requestLatency.count).toBeGreaterThan(150);
    expect(files.get('summary.md')).toContain('## TCP');
  });

  it('nothing of it without TCP', async () => {
    const text = scenario('  - { name: udp, kind: udp-cbr, from: a, to: b, rate: 10Mbps, payload: 1000B }');
    const files = await resultFiles(await runScenario(loadScenarioText('f.yaml', text).resolved), meta);
    expect([...files.keys()].some((f) => f.startsWith('vectors/') || f === 'connections.csv')).toBe(false);
    expect(files.get('summary.md')).not.toContain('## TCP');
  });
});
