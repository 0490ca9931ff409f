import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Charts are drawn by the page, not in Node: each chart section carries its Vega-Lite spec, and
 * the page carries the single-file builds of Vega and Vega-Lite that the two (pinned) packages
 * ship, read from node_modules, plus a few lines that draw every chart as inline SVG when the page
 * loads. So a report fetches nothing, and writing one costs reading two files instead of loading
 * both libraries in Node and laying out every chart (about a quarter of a second of CPU for the
 * three charts of p2p-udp, more than its run of 0.85 million events).
 */
const DRAW_CHARTS = `for (const section of document.querySelectorAll('section.chart')) {
  const spec = JSON.parse(section.querySelector('script[type="application/json"]').textContent);
  const container = section.appendChild(document.createElement('div'));
  new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container }).run();
}`;

let runtime: string | undefined;

/** The `<script>` elements that draw a page's charts (read from node_modules once per process). */
export function chartRuntimeHtml(): string {
  if (runtime === undefined) {
    const require = createRequire(import.meta.url);
    // The packages' exports maps hide build/; their entry points sit in the same folders as the bundles.
    const vega = join(dirname(require.resolve('vega')), 'vega.min.js');
    const vegaLite = join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js');
    const version = (file: string) => (JSON.parse(readFileSync(join(dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
    runtime = [
      `<!-- Vega ${version(vega)} and Vega-Lite ${version(vegaLite)} (BSD-3-Clause licence, https://vega.github.io), as their packages ship them -->`,
      `<script>${readFileSync(vega, 'utf8')}</script>`,
      `<script>${readFileSync(vegaLite, 'utf8')}</script>`,
      `<script>\n${DRAW_CHARTS}\n</script>`,
    ].join('\n');
  }
  return runtime;
}

/** Common chart settings: a readable font and no outer padding. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
} as const;
