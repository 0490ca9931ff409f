import { describe, expect, it } from 'vitest';
import { comparisonRows, deltaPercent } from '../report/comparison.ts';
import { summarise } from '../report/summary.ts';
import { loadScenarioText } from './load.ts';
import { runScenario } from './run.ts';

const TEXT = `
name: variants
duration: 50ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 2us } }
hosts: { cores: 2, cpu: aesni }
networks: { appnet: { subnet: 10.0.1.0/24 } }
services:
  a: { replicas: 2, networks: [appnet] }
  b: { replicas: 2, networks: [appnet] }
workloads:
  - { name: load, kind: udp-cbr, from: a, to: b, mode: task, rate: 1Gbps, payload: 1372B }
variants:
  bare: { networks.appnet.driver: host, networks.appnet.subnet: null }
  plain: {}
  encrypted: { networks.appnet.encrypted: true }
`;

describe('variants', () => {
  it('apply their overrides to the scenario: host driver, plain VXLAN, ESP', () => {
    const loaded = loadScenarioText('v.yaml', TEXT);
    expect(loaded.variants.map((v) => v.name)).toEqual(['bare', 'plain', 'encrypted']);
    const paths = loaded.variants.map((v) => v.resolved.workloads[0]?.pairs[0]?.path);
    expect(paths.map((p) => p?.encap)).toEqual(['none', 'vxlan', 'vxlan-esp']);
    expect(paths.map((p) => p?.innerMtu)).toEqual([1500, 1450, 1424]);
    // The base scenario is untouched by its variants.
    expect(loaded.resolved.workloads[0]?.pairs[0]?.path.encap).toBe('vxlan');
  });

  it('run with the same seed: below capacity goodput is equal and CPU per GB grows from bare to VXLAN to ESP', async () => {
    const loaded = loadScenarioText('v.yaml', TEXT);
    const results = await Promise.all(loaded.variants.map((v) => runScenario(v.resolved)));
    expect(new Set(results.map((r) => r.seed)).size).toBe(1);
    const rows = comparisonRows(results.map(summarise));
    const cpu = rows.find((r) => r.metric === 'CPU seconds per GB');
    const goodput = rows.find((r) => r.metric === 'load: goodput');
    if (!cpu || !goodput) throw new Error('missing rows');
    // 1 Gbit/s per flow is below every variant's per-core capacity: the same goodput...
    for (const g of goodput.values) expect(Math.abs(g / (goodput.values[0] as number) - 1)).toBeLessThan(0.001);
    // ...for CPU that grows from bare to VXLAN to ESP. Each 1400 B datagram is a segment of its
    // own; per side: bare 1986 + 1400 × 0.449 = 2614.6 ns, VXLAN + 3075 = 5689.6 ns, ESP
    // + 370 + 1432 × 0.82 / 3.6 ns.
    const [bare, plain, encrypted] = cpu.values as [number, number, number];
    expect(plain / bare).toBeCloseTo(5689.6 / 2614.6, 2);
    expect(encrypted / bare).toBeCloseTo((5689.6 + 370 + (1432 * 0.82) / 3.6) / 2614.6, 2);
  });

  it('deltas are relative to the first run', () => {
    expect(deltaPercent(100, 125)).toBe('+25.0 %');
    expect(deltaPercent(200, 100)).toBe('-50.0 %');
    expect(deltaPercent(0, 0)).toBe('0.0 %');
    expect(deltaPercent(0, 5)).toBe('n/a');
  });
});
