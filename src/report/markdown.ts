import { formatDurationNs, formatRateBps } from '../core/units.ts';
import type { RunResult } from '../scenario/run.ts';
import type { Summary } from './summary.ts';

/** Rows of a Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** summary.md: headline numbers, the flow table and the busiest links; fit for a CI job summary. */
export function summaryMarkdown(summary: Summary, result: RunResult): string {
  const t = summary.totals;
  const out: string[] = [];
  out.push(`# ${summary.scenario}`);
  if (summary.description) out.push('', summary.description.trim());
  out.push(
    '',
    `Seed ${summary.seed}, replication ${summary.replication}, ${formatDurationNs(summary.durationNs)} simulated, ${summary.engine.eventsProcessed} events.`,
    '',
    '## Totals',
    '',
    markdownTable(
      ['metric', 'value'],
      [
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
      ],
    ),
  );
  if (result.flows.length > 0) {
    out.push(
      '',
      '## Flows',
      '',
      markdownTable(
        ['flow', 'src → dst', 'goodput', 'loss', 'delay p50', 'delay p99', 'delay max', 'rtt p50', 'rtt p99'],
        result.flows.map((f) => [
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
  const busiest = [...result.links].sort((a, b) => b.utilisation - a.utilisation || a.link.localeCompare(b.link)).slice(0, 10);
  out.push(
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
    '',
  );
  return out.join('\n');
}
