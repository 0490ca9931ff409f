import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { summarise } from '../summary.ts';
import { CHART_RUNTIME_FILE, chartRuntimeJs } from './render-chart.ts';
import { runReportHtml } from './run-report.ts';

/** Debian's package; .ci/run installs it. A developer machine without it skips this test. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const work = mkdtempSync(join(tmpdir(), 'overlaysim-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Appended to a copy of the report: once the browser has laid the page out, each chart section
 * records the size of its SVG and how many of its marks have a non-empty box.
 */
const PROBE = `<script>
addEventListener('load', () => {
  for (const section of document.querySelectorAll('section.chart')) {
    const svg = section.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const marks = svg ? [...svg.querySelectorAll('path, line, rect')].filter((m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0;
    section.setAttribute('data-rendered', Math.round(box.width) + 'x' + Math.round(box.height) + ':' + marks);
  }
});
</script>`;

describe('report.html in a real browser', () => {
  it.skipIf(!CHROMIUM && !process.env.CI)('renders every chart with visible marks, and a screenshot is saved', async () => {
    if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium); CI must have it');
    const result = await runScenario(loadScenario('scenarios/quickstart.yaml').resolved, { untilNs: 200e6 });
    const html = runReportHtml(summarise(result), result);
    const page = join(work, 'report.html');
    writeFileSync(page, html.replace('</body>', `${PROBE}\n</body>`));
    writeFileSync(join(work, CHART_RUNTIME_FILE), chartRuntimeJs());

    const common = [...FLAGS, `--user-data-dir=${join(work, 'profile')}`, '--window-size=1200,2600'];
    const dom = spawnSync(CHROMIUM, [...common, '--virtual-time-budget=5000', '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
    expect(dom.status).toBe(0);
    const rendered = [...dom.stdout.matchAll(/<section class="chart" id="([^"]+)" data-rendered="(\d+)x(\d+):(\d+)"/g)];
    expect(rendered.map((m) => m[1])).toEqual(['latency-cdf', 'flow-goodput', 'link-utilisation', 'core-utilisation']);
    for (const [, id, width, height, marks] of rendered) {
      expect(Number(width), id).toBeGreaterThan(300);
      expect(Number(height), id).toBeGreaterThan(100);
      expect(Number(marks), id).toBeGreaterThan(10);
    }

    const shots = join('results', 'screenshots');
    mkdirSync(shots, { recursive: true });
    const png = join(shots, 'quickstart-report.png');
    const shot = spawnSync(CHROMIUM, [...common, `--screenshot=${png}`, `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
    expect(shot.status).toBe(0);
    expect(statSync(png).size).toBeGreaterThan(50_000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
