import { formatDurationNs, formatRateBps } from '../../core/units.ts';
import type { RunResult } from '../../scenario/run.ts';
import { gossipMetricRows } from '../gossip-report.ts';
import { totalsRows } from '../markdown.ts';
import type { Summary } from '../summary.ts';
import { chartSection, escapeHtml, htmlPage, htmlTable } from './page.ts';
import { renderSvg } from './render-chart.ts';
import { coreUtilisationSpec, dropsSpec, flowGoodputSpec, intervalSpec, gossipConvergenceSpec, latencyCdfSpec, linkUtilisationSpec } from './run-charts.ts';

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** report.html of one run: headline numbers, workloads, and charts rendered to inline SVG. */
export async function runReportHtml(summary: Summary, result: RunResult): Promise<string> {
  const t = summary.totals;
  const parts: string[] = [
    `<h1>${escapeHtml(summary.variant === undefined ? summary.scenario : `${summary.scenario}: variant ${summary.variant}`)}</h1>`,
    `<p class="meta">Seed ${summary.seed}, replication ${summary.replication}, ${escapeHtml(formatDurationNs(summary.durationNs))} simulated, ${summary.engine.eventsProcessed} events.</p>`,
  ];
  if (summary.description) parts.push(`<p>${escapeHtml(summary.description.trim())}</p>`);
  // A gossip-only scenario on the abstract underlay has no data plane to report.
  if (result.links.length > 0) parts.push('<h2>Totals</h2>', htmlTable(['metric', 'value'], totalsRows(t)));
  if (summary.workloads.length > 0) {
    parts.push(
      '<h2>Workloads</h2>',
      htmlTable(
        ['workload', 'flows', 'goodput', 'loss', 'delay p50', 'delay p99', 'rtt p99'],
        summary.workloads.map((w) => [
          w.workload,
          String(w.flows),
          formatRateBps(w.goodputBps),
          percent(w.lossRatio),
          formatDurationNs(w.delay.p50Ns),
          formatDurationNs(w.delay.p99Ns),
          w.rtt ? formatDurationNs(w.rtt.p99Ns) : '',
        ]),
      ),
    );
  }
  if (summary.gossip) parts.push('<h2>Gossip control plane</h2>', htmlTable(['metric', 'value'], gossipMetricRows(summary.gossip)));
  const charts: [string, ReturnType<typeof latencyCdfSpec>][] = [
    ['latency-cdf', latencyCdfSpec(result)],
    ['flow-goodput', flowGoodputSpec(result)],
    ['link-utilisation', linkUtilisationSpec(result)],
    ['core-utilisation', coreUtilisationSpec(result)],
    ['drops', dropsSpec(result)],
    ['intervals-link-utilisation', intervalSpec(result, 'link', 'utilisation', 'Link utilisation per interval (busiest)', 'utilisation', 1, '%')],
    ['intervals-link-queue', intervalSpec(result, 'link', 'queuePackets', 'Mean link queue per interval (longest)', 'packets waiting')],
    ['intervals-flow-goodput', intervalSpec(result, 'flow', 'goodputBps', 'Goodput per interval (top flows)', 'goodput (Mbit/s)', 1e-6)],
    ['intervals-flow-delay-p99', intervalSpec(result, 'flow', 'delayP99Ns', 'p99 one-way delay per interval (flows with the largest)', 'p99 delay (µs)', 1e-3)],
    ['intervals-core-utilisation', intervalSpec(result, 'core', 'utilisation', 'CPU core utilisation per interval (busiest)', 'utilisation', 1, '%')],
    ['gossip-convergence', gossipConvergenceSpec(result)],
  ];
  parts.push('<h2>Charts</h2>');
  for (const [id, spec] of charts) if (spec) parts.push(chartSection(id, await renderSvg(spec)));
  return htmlPage(`${summary.scenario}${summary.variant === undefined ? '' : ` (${summary.variant})`}: overlaysim report`, parts.join('\n'));
}
