import type { TopLevelSpec } from 'vega-lite';
import { chartRuntimeHtml } from './render-chart.ts';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** An HTML table from a header and rows of text. */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A chart block: an id the tests and readers can find, and the chart's Vega-Lite spec, which the
 * page draws there as SVG when it loads (see render-chart.ts). `<` is escaped in the JSON, so no
 * text in it can end the script element.
 */
export function chartSection(id: string, spec: TopLevelSpec): string {
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<section class="chart" id="${escapeHtml(id)}">\n<script type="application/json">${json}</script>\n</section>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1b1f24; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
p.meta { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; text-align: left; }
td { font-variant-numeric: tabular-nums; }
th { background: #f6f8fa; }
section.chart { margin: 1rem 0 2rem; overflow-x: auto; }
p.notice { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.5rem 0.8rem; }
`;

/**
 * A complete page: inline style and, when it has charts, the script element that loads the chart
 * runtime from the top of its results folder, `depth` folders up (0 for a page at the top), and a
 * notice naming that file, shown only when it is missing. Nothing is fetched from the network.
 */
export function htmlPage(title: string, body: string, depth = 0): string {
  const runtime = body.includes('<section class="chart"') ? chartRuntimeHtml(depth) : undefined;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${runtime ? `${runtime.notice}\n` : ''}${body}${runtime ? `\n${runtime.script}` : ''}
</body>
</html>
`;
}
