import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { ScenarioError } from '../../scenario/errors.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { parseCsv } from '../../test-support/csv-columns.ts';

/** The parts of a sweep chart's Vega-Lite spec this test reads. */
interface ChartSpec {
  title: string;
  layer: { mark: { type: string; color?: string; shape?: string; strokeDash?: number[] }; encoding: { y?: { datum?: number } }; data?: { values: { value: number }[] } }[];
}

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
    // Each chart section holds the Vega-Lite spec the page draws (every-report-page-renders-its-charts-in-chromium draws them).
    const specs = new Map([...html.matchAll(/<section class="chart" id="([^"]+)">\n<script type="application\/json">(.*?)<\/script>/g)].map((m) => [m[1], JSON.parse(m[2] as string) as ChartSpec]));
    const chart = specs.get('sweep-p99-w');
    expect(chart?.title).toContain('dashed: the limit');
    // The limit as a dashed rule at 100 µs, and one diamond (one series) at the first point past it, both in the limit's colour.
    const rule = chart?.layer.find((l) => l.mark.type === 'rule' && l.mark.strokeDash);
    expect(rule?.mark.color).toBe('#cf222e');
    expect(rule?.encoding.y?.datum).toBe(100);
    const diamond = chart?.layer.find((l) => l.mark.shape === 'diamond');
    expect(diamond?.mark.color).toBe('#cf222e');
    expect(diamond?.data?.values).toHaveLength(1);
    expect(diamond?.data?.values[0]?.value).toBeCloseTo((p99[knee] as number) / 1000, 6);
    // Other charts have no limit drawn.
    for (const [id, spec] of specs) if (id !== 'sweep-p99-w') expect(JSON.stringify(spec), id).not.toContain('#cf222e');
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
