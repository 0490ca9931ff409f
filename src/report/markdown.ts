import { formatDurationNs, formatRateBps } from '../core/units.ts';
import type { RunResult } from '../scenario/run.ts';
import type { Summary } from './summary.ts';
import { gossipMarkdown } from './gossip-report.ts';
import { connectionsMarkdown } from './connections.ts';
import { requestsMarkdown } from './requests.ts';
import { ingressMarkdown } from './ingress-summary.ts';

/** Rows of a Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The headline numbers of a run as (metric, value) rows, for summary.md and report.html. */
export function totalsRows(t: Summary['totals']): string[][] {
  return [
    ['goodput (sum of flows)', formatRateBps(t.goodputBps)],
    ['packets sent / received / lost', `${t.txPackets} / ${t.rxPackets} / ${t.lostPackets}`],
    ['loss ratio', percent(t.lossRatio)],
    ['mean one-way delay', formatDurationNs(t.delayMeanNs)],
    ['worst flow p99 delay', formatDurationNs(t.worstFlowDelayP99Ns)],
    ['busiest link', `${t.busiestLink} at ${percent(t.busiestLinkUtilisation)}`],
    ['drops at links', String(t.drops)],
    ['CPU cores used (all hosts)', t.cpuCoresUsed.toFixed(3)],
    ['busiest core', t.busiestCore ? `${t.busiestCore} at ${percent(t.busiestCoreUtilisation)}` : 'none (ideal hosts)'],
    ['CPU seconds per GB delivered', t.cpuSecondsPerGB.toFixed(3)],
  ];
}

/** summary.md lists at most this many flows; flows.csv has them all. */
const MAX_FLOW_ROWS = 50;

/** summary.md: headline numbers, the flow table and the busiest links; fit for a CI job summary. */
export function summaryMarkdown(summary: Summary, result: RunResult): string {
  const t = summary.totals;
  const out: string[] = [];
  out.push(summary.variant === undefined ? `# ${summary.scenario}` : `# ${summary.scenario}: variant ${summary.variant}`);
  if (summary.description) out.push('', summary.description.trim());
  out.push('', `Seed ${summary.seed}, replication ${summary.replication}, ${formatDurationNs(summary.durationNs)} simulated, ${summary.engine.eventsProcessed} events.`);
  // A gossip-only scenario on the abstract underlay has no data plane to report.
  if (result.links.length > 0) {
    out.push(
      '',
      '## Totals',
      '',
      markdownTable(
        ['metric', 'value'],
        totalsRows(t),
      ),
    );
  }
  if (result.workloads.length > 0) {
    out.push(
      '',
      '## Workloads',
      '',
      markdownTable(
        ['workload', 'flows', 'goodput', 'loss', 'delay p50', 'delay p99', 'delay max', 'rtt p50', 'rtt p99'],
        result.workloads.map((w) => [
          w.workload,
          String(w.flows),
          formatRateBps(w.goodputBps),
          percent(w.lossRatio),
          formatDurationNs(w.delay.p50Ns),
          formatDurationNs(w.delay.p99Ns),
          formatDurationNs(w.delay.maxNs),
          w.rtt ? formatDurationNs(w.rtt.p50Ns) : '',
          w.rtt ? formatDurationNs(w.rtt.p99Ns) : '',
        ]),
      ),
    );
  }
  if (result.connections) out.push('', connectionsMarkdown(result, markdownTable).trimEnd());
  const mesh = ingressMarkdown(summary.workloads, markdownTable);
  if (mesh !== '') out.push('', mesh.trimEnd());
  if (result.flows.length > 0) {
    out.push(
      '',
      '## Flows',
      '',
      markdownTable(
        ['flow', 'src → dst', 'goodput', 'loss', 'delay p50', 'delay p99', 'delay max', 'rtt p50', 'rtt p99'],
        result.flows.slice(0, MAX_FLOW_ROWS).map((f) => [
          f.flow,
          `${f.src} → ${f.dst}`,
          formatRateBps(f.goodputBps),
          percent(f.lossRatio),
          formatDurationNs(f.delay.p50Ns),
          formatDurationNs(f.delay.p99Ns),
          formatDurationNs(f.delay.maxNs),
          f.rtt ? formatDurationNs(f.rtt.p50Ns) : '',
          f.rtt ? formatDurationNs(f.rtt.p99Ns) : '',
        ]),
      ),
    );
  }
  if (result.flows.length > MAX_FLOW_ROWS) out.push('', `${result.flows.length - MAX_FLOW_ROWS} more flows in flows.csv.`);
  const busiest = [...result.links].sort((a, b) => b.utilisation - a.utilisation || a.link.localeCompare(b.link)).slice(0, 10);
  if (busiest.length > 0) out.push(
    '',
    '## Busiest links',
    '',
    markdownTable(
      ['link', 'rate', 'utilisation', 'peak queue (packets)', 'mean queue wait', 'drops'],
      busiest.map((l) => [
        l.link,
        formatRateBps(l.rateBps),
        percent(l.utilisation),
        String(l.peakQueuePackets),
        formatDurationNs(Math.round(l.queueWaitMeanNs)),
        String(Object.values(l.drops).reduce((a, b) => a + b, 0)),
      ]),
    ),
  );
  out.push('');
  const requests = requestsMarkdown(summary, markdownTable);
  if (requests) out.push(requests);
  if (summary.gossip) out.push(gossipMarkdown(summary.gossip, markdownTable).trimStart(), '');
  return out.join('\n');
}
