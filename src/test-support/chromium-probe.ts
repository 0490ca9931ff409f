import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Debian's package; .ci/run installs it. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Added to a copy of a page: once laid out, each chart section records its SVG's size and how
 * many data marks (bars, points, line segments, text of `role-mark` groups, not axes) have a
 * non-empty box; the page records its h1.
 */
const PROBE = `<script>
addEventListener('load', () => {
  for (const section of document.querySelectorAll('section.chart')) {
    const svg = section.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const marks = svg ? [...svg.querySelectorAll('g.role-mark > *')].filter((m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0;
    section.setAttribute('data-rendered', Math.round(box.width) + 'x' + Math.round(box.height) + ':' + marks);
  }
  document.body.setAttribute('data-h1', document.querySelector('h1')?.textContent ?? '');
  document.body.setAttribute('data-tables', String(document.querySelectorAll('table').length));
  document.body.setAttribute('data-notice', document.getElementById('chart-runtime-missing')?.textContent ?? '');
});
</script>`;

/** What the browser made of a page. */
export interface RenderedPage {
  h1: string;
  tables: number;
  /** Text of the notice a page shows when its chart runtime is missing ('' once the runtime removed it). */
  notice: string;
  /** Chart id → width, height (px) and visible data marks. */
  charts: Map<string, { width: number; height: number; marks: number }>;
}

/** Loads `page` in headless Chromium and reports its heading, tables and charts; writes a screenshot to `png`. */
export function renderInChromium(page: string, profileDir: string, png: string): RenderedPage {
  if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium)');
  const probed = page.replace(/\.html$/, '.probed.html');
  writeFileSync(probed, readFileSync(page, 'utf8').replace('</body>', `${PROBE}\n</body>`));
  const common = [...FLAGS, `--user-data-dir=${profileDir}`, '--window-size=1200,2600'];
  const dom = spawnSync(CHROMIUM, [...common, '--virtual-time-budget=5000', '--dump-dom', `file://${probed}`], { encoding: 'utf8', timeout: 90_000 });
  if (dom.status !== 0) throw new Error(`chromium failed on ${page}: ${dom.stderr}`);
  const shot = spawnSync(CHROMIUM, [...common, `--screenshot=${png}`, `file://${page}`], { encoding: 'utf8', timeout: 90_000 });
  if (shot.status !== 0) throw new Error(`chromium could not take a screenshot of ${page}: ${shot.stderr}`);
  const charts = new Map(
    [...dom.stdout.matchAll(/<section class="chart" id="([^"]+)" data-rendered="(\d+)x(\d+):(\d+)"/g)].map((m) => [m[1] as string, { width: Number(m[2]), height: Number(m[3]), marks: Number(m[4]) }]),
  );
  const h1 = /data-h1="([^"]*)"/.exec(dom.stdout)?.[1] ?? '';
  const tables = Number(/data-tables="(\d+)"/.exec(dom.stdout)?.[1] ?? 0);
  const notice = /data-notice="([^"]*)"/.exec(dom.stdout)?.[1] ?? '';
  return { h1: h1.replace(/&amp;/g, '&'), tables, notice, charts };
}
