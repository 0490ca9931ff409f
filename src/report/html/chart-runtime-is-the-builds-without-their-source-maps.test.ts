import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { chartRuntimeJs, chartRuntimeParts } from './render-chart.ts';

/**
 * The chart runtime is assembled from pieces of the two packages' builds as bytes (no decoding): it must be
 * exactly the text made the plain way, which this test spells out independently: each build read
 * as text, every line that names a source map emptied, trailing white space trimmed, joined with
 * the two comment lines before and the drawing code after.
 */
it('is byte for byte the packages\' builds without their source-map lines, between its header and drawing code', () => {
  const require = createRequire(import.meta.url);
  const file = (pkg: string, build: string) => join(dirname(require.resolve(pkg)), build);
  const build = (path: string) => readFileSync(path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '').trimEnd();
  const vegaLite = readFileSync(file('vega-lite', 'vega-lite.min.js'), 'utf8');
  expect(/^\/\/# sourceMappingURL=/m.test(vegaLite), 'the Vega-Lite build names a source map, so its removal is exercised').toBe(true);

  const text = chartRuntimeJs();
  const lines = text.split('\n');
  expect(lines[0]).toMatch(/^\/\/ overlaysim's chart runtime: /);
  expect(lines[1]).toMatch(/^\/\/ Vega \d+\.\d+\.\d+ and Vega-Lite \d+\.\d+\.\d+ /);
  const expected = [lines[0], lines[1], `${build(file('vega', 'vega.min.js'))};`, `${build(file('vega-lite', 'vega-lite.min.js'))};`, text.slice(text.indexOf('document.getElementById('))].join('\n');
  expect(text === expected, 'the runtime equals the text made the plain way').toBe(true); // not toBe: a 0.75 MB diff is no help
  expect(text.includes('sourceMappingURL')).toBe(false);
  expect(Buffer.compare(Buffer.concat(chartRuntimeParts()), Buffer.from(expected))).toBe(0);
});
