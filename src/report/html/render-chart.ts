import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Charts are drawn by the page, not in Node: each chart section carries its Vega-Lite spec, and
 * the chart runtime (the single-file builds of Vega and Vega-Lite that the two pinned packages
 * ship, read from node_modules, plus a few lines that draw every chart as inline SVG) is written
 * once per results folder, as {@link CHART_RUNTIME_FILE} at its top, and every page of the folder
 * loads it by relative path. So a results folder fetches nothing from the network and carries
 * the 0.75 MB runtime once, not once per run; writing a report costs reading two files instead
 * of loading both libraries in Node and laying out every chart (about a quarter of a second of
 * CPU for the three charts of p2p-udp, more than its run of 0.85 million events).
 */
export const CHART_RUNTIME_FILE = 'charts.js';

/** Id of the page's notice that the runtime is missing; the runtime removes it once loaded. */
const MISSING_ID = 'chart-runtime-missing';

const DRAW_CHARTS = `document.getElementById('${MISSING_ID}')?.remove();
for (const section of document.querySelectorAll('section.chart')) {
  const spec = JSON.parse(section.querySelector('script[type="application/json"]').textContent);
  const container = section.appendChild(document.createElement('div'));
  new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container }).run();
}`;

let runtime: readonly Buffer[] | undefined;

/** The start of the line naming a build's source map, which is not written beside the runtime. */
const SOURCE_MAP_LINE = Buffer.from('//# sourceMappingURL=');
const NEWLINE = 0x0a;
/** Tab, line feed, vertical tab, form feed, carriage return and space: the builds end in these, never in other Unicode spaces. */
const ASCII_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/**
 * `build` as consecutive pieces (views of it, not copies) that leave out its source-map lines
 * (their text, not their line ends) and the white space that then ends it.
 */
function withoutSourceMap(build: Buffer): Buffer[] {
  const kept: Buffer[] = [];
  let from = 0;
  for (let at = build.indexOf(SOURCE_MAP_LINE); at !== -1; at = build.indexOf(SOURCE_MAP_LINE, at + 1)) {
    if (at > 0 && build[at - 1] !== NEWLINE) continue; // not at the start of a line
    const end = build.indexOf(NEWLINE, at);
    kept.push(build.subarray(from, at));
    from = end === -1 ? build.length : end;
  }
  kept.push(build.subarray(from));
  for (let last = kept.pop(); last !== undefined; last = kept.pop()) {
    let end = last.length;
    while (end > 0 && ASCII_SPACE.has(last[end - 1] as number)) end--;
    if (end > 0) {
      kept.push(last.subarray(0, end));
      break;
    }
  }
  return kept;
}

/**
 * {@link CHART_RUNTIME_FILE} as the pieces of bytes it is written from, one after another (read
 * from node_modules once per process). The two builds (0.75 MB) are copied as bytes, not decoded
 * into text and encoded again (about 20 ms of a run of p2p-udp), nor joined into one buffer
 * first (5 ms: on this machine much of the cost of a copy is the fresh memory it needs).
 */
export function chartRuntimeParts(): readonly Buffer[] {
  if (runtime === undefined) {
    const require = createRequire(import.meta.url);
    // The packages' exports maps hide build/; their entry points sit in the same folders as the bundles.
    const vega = join(dirname(require.resolve('vega')), 'vega.min.js');
    const vegaLite = join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js');
    const version = (file: string) => (JSON.parse(readFileSync(join(dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
    const text = (lines: string[]) => Buffer.from(lines.join('\n'));
    runtime = [
      text([
        `// overlaysim's chart runtime: draws the Vega-Lite spec of every <section class="chart"> of the page that loads it.`,
        `// Vega ${version(vega)} and Vega-Lite ${version(vegaLite)} (BSD-3-Clause licence, https://vega.github.io), as their packages ship them.`,
        '',
      ]),
      ...withoutSourceMap(readFileSync(vega)),
      text([';', '']),
      ...withoutSourceMap(readFileSync(vegaLite)),
      text([';', DRAW_CHARTS, '']),
    ];
  }
  return runtime;
}

/** The content of {@link CHART_RUNTIME_FILE} as text. */
export function chartRuntimeJs(): string {
  return Buffer.concat(chartRuntimeParts()).toString('utf8');
}

/**
 * What a page with charts carries to draw them: a notice naming the runtime file it needs
 * (which the runtime removes, so it stays only when the file is missing or JavaScript is off)
 * and the script element that loads the runtime from the top of the results folder, `depth`
 * folders up.
 */
export function chartRuntimeHtml(depth: number): { notice: string; script: string } {
  const href = `${'../'.repeat(depth)}${CHART_RUNTIME_FILE}`;
  return {
    notice: `<p class="notice" id="${MISSING_ID}">The charts of this page are drawn by <code>${href}</code>, the chart runtime that overlaysim writes once at the top of the results folder; that file was not found (or JavaScript is off), so no chart is shown.</p>`,
    script: `<script src="${href}"></script>`,
  };
}

/** Common chart settings: a readable font and no outer padding. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
} as const;
