import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libraries: { vega: Vega; vegaLite: VegaLite } | undefined;

/**
 * Evaluates one of the single-file (UMD) builds that the vega and vega-lite packages ship in
 * their build/ folders, as a CommonJS module whose `require` answers from `deps`. Their ES module
 * entries import some sixty packages (vega-*, d3-*) file by file; in Node that resolving and
 * compiling costs about three times as long as evaluating the one minified file, and both give
 * the same functions (the packages are pinned, and the SVG of every chart is byte for byte the same).
 */
function loadBundle(file: string, deps: Record<string, unknown>): unknown {
  const module = { exports: {} as Record<string, unknown> };
  const body = compileFunction(readFileSync(file, 'utf8'), ['exports', 'module', 'require'], { filename: file });
  body.call(module.exports, module.exports, module, (name: string) => deps[name]);
  return module.exports;
}

/** Vega and Vega-Lite, loaded on the first chart (commands and library users that write no report never load them). */
function chartLibraries(): { vega: Vega; vegaLite: VegaLite } {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    // The packages' exports map hides build/; their entry points sit in the same folder as the bundles.
    const vega = loadBundle(join(dirname(require.resolve('vega')), 'vega.min.js'), {}) as Vega;
    const vegaLite = loadBundle(join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'), { vega }) as VegaLite;
    libraries = { vega, vegaLite };
  }
  return libraries;
}

/** Renders a Vega-Lite spec to a standalone SVG string, in Node, with no browser or network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = chartLibraries();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Common chart settings: a readable font and no outer padding. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
} as const;
