import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureOutputAsync } from '../../cli/capture-output.ts';
import { CHROMIUM, renderInChromium } from '../../test-support/chromium-probe.ts';

// Each kind of report page, written by the command line from a short run of a shipped
// scenario, loaded in headless Chromium: its heading and named charts are there, and every
// chart has a real size and visible data marks. Screenshots go to results/screenshots/.

const work = mkdtempSync(join(tmpdir(), 'overlaysim-pages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SHOTS = join('results', 'screenshots');
const outs = new Map<string, string>();

/** Runs `overlaysim ...args --quiet` in this process, its stderr captured; it must exit 0. */
async function overlaysim(...args: string[]): Promise<void> {
  const { result } = await captureOutputAsync(() => main(['node', 'overlaysim', ...args, '--quiet']));
  expect(result).toBe(0);
}

const PAGES = [
  {
    name: 'run',
    args: ['run', 'scenarios/quickstart.yaml', '--until', '100ms', '--set', 'intervals=20ms'],
    page: 'report.html',
    h1: 'quickstart',
    charts: ['latency-cdf', 'flow-goodput', 'link-utilisation', 'core-utilisation', 'intervals-link-utilisation', 'intervals-link-queue', 'intervals-flow-goodput', 'intervals-flow-delay-p99', 'intervals-core-utilisation'],
  },
  {
    name: 'variant',
    args: ['run', 'scenarios/encrypted-vs-plain.yaml', '--until', '20ms'],
    page: 'encrypted/report.html',
    h1: 'encrypted-vs-plain: variant encrypted',
    // The overlay variants are CPU-bound: their cores' backlogs drop packets.
    charts: ['latency-cdf', 'flow-goodput', 'link-utilisation', 'core-utilisation', 'drops'],
  },
  {
    name: 'variants',
    args: ['run', 'scenarios/encrypted-vs-plain.yaml', '--until', '20ms'],
    page: 'report.html',
    h1: 'encrypted-vs-plain: bare vs overlay vs encrypted',
    charts: ['variants-workloads', 'variants-totals'],
  },
  {
    name: 'replications',
    args: ['run', 'scenarios/bottleneck.yaml', '--until', '50ms', '--replications', '3'],
    page: 'report.html',
    h1: 'bottleneck: 3 replications',
    charts: ['replications-workloads', 'replications-totals'],
  },
  {
    name: 'sweep',
    args: ['sweep', 'scenarios/quickstart.yaml', '--until', '20ms', '--jobs', '1', '--replications', '2', '--set', 'sweep={"workloads.0.packetRate": ["40000/s", "80000/s", "100000/s"], "networks.appnet.encrypted": [false, true]}'],
    page: 'report.html',
    h1: 'quickstart: sweep',
    charts: ['sweep-goodput', 'sweep-delay-mean', 'sweep-delay-p99', 'sweep-loss', 'sweep-busiest-core', 'sweep-cpu-cores', 'sweep-p99-web-to-db', 'sweep-p99-bulk', 'sweep-p99-ping'],
  },
  {
    name: 'gossip',
    args: ['run', 'scenarios/gossip-500.yaml', '--until', '8s'],
    page: 'report.html',
    h1: 'gossip-500',
    charts: ['gossip-convergence'],
  },
];

describe.skipIf(!CHROMIUM && !process.env.CI)('every kind of report page in headless Chromium', () => {
  it.each(PAGES)('$name page: heading, named charts, none of them empty', async ({ name, args, page, h1, charts }) => {
    // The variant and variants pages come from one run.
    const key = args.join(' ');
    const out = outs.get(key) ?? join(work, name);
    if (!outs.has(key)) await overlaysim(...args, '--out', out);
    outs.set(key, out);
    mkdirSync(SHOTS, { recursive: true });
    const png = join(SHOTS, `${name}-report.png`);
    const rendered = renderInChromium(join(out, page), join(work, `profile-${name}`), png);
    expect(rendered.h1).toBe(h1);
    // The sweep page is charts only; index.csv is its table.
    if (name !== 'sweep') expect(rendered.tables).toBeGreaterThan(0);
    expect([...rendered.charts.keys()]).toEqual(charts);
    for (const [id, chart] of rendered.charts) {
      expect(chart.width, id).toBeGreaterThan(300);
      expect(chart.height, id).toBeGreaterThan(40);
      expect(chart.marks, id).toBeGreaterThan(0);
    }
    expect(statSync(png).size).toBeGreaterThan(30_000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
