import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { ScenarioError } from '../../scenario/errors.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { parseCsv } from '../../test-support/csv-columns.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-limit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Poisson traffic over one 1 Gbit/s link at loads from 0.17 to 1: p99 delay climbs past 100 µs somewhere. */
const SCENARIO = `name: limit
seed: 1
duration: 20ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps, delay: 5us } }
workloads:
  - { name: w, kind: udp-poisson, from: h1, to: h2, packetRate: 1000/s, payload: 1000B }
sweep:
  workloads.0.packetRate: [20000/s, 80000/s, 110000/s, 120000/s]
  limit: { metric: w.delayP99Ns, value: 100us }
`;

describe('sweep.limit', () => {
  it('draws the limit on its chart and marks the first point past it, the one index.csv says', async () => {
    const file = join(work, 'limit.yaml');
    writeFileSync(file, SCENARIO);
    const out = join(work, 'sweep');
    expect(await main(['node', 'overlaysim', 'sweep', file, '--jobs', '1', '--quiet', '--out', out])).toBe(0);
    const [header = [], ...rows] = parseCsv(readFileSync(join(out, 'index.csv'), 'utf8'));
    const p99 = rows.map((r) => Number(r[header.indexOf('w.delayP99Ns')]));
    const knee = p99.findIndex((ns) => ns > 100_000);
    expect(knee).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const chart = /<section class="chart" id="sweep-p99-w">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(chart).toContain('dashed: the limit');
    // One diamond (one series), drawn in the limit's colour; other charts have none.
    expect(chart.match(/fill="#cf222e"/g)).toHaveLength(1);
    expect(html.match(/fill="#cf222e"/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).limit).toEqual({ metric: 'w.delayP99Ns', value: 100_000 });
  });

  it('names file:line:col and the metrics there are when the metric is unknown', () => {
    const bad = SCENARIO.replace('w.delayP99Ns', 'w.delayP98Ns');
    let error: unknown;
    try {
      loadScenarioText('limit.yaml', bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const issue = (error as ScenarioError).issues[0];
    expect(issue).toMatchObject({ line: 9, col: 20 });
    expect(JSON.stringify(issue)).toContain('unknown metric \\"w.delayP98Ns\\"; expected one of: worstFlowDelayP99Ns');
  });
});
