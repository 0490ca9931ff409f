import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to a standalone SVG string, in Node, with no browser or network.
 * Vega and Vega-Lite load on the first chart (Node caches them after), so commands and library
 * users that write no report do not pay for loading them.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
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
