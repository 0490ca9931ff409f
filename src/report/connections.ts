import { formatDurationNs, formatRateBps } from '../core/units.ts';
import type { RunResult } from '../scenario/run.ts';
import { delayCells, type Table } from './tables.ts';

/** connections.csv: one row per TCP connection. Times in integer ns, rates in bit/s; an empty cell = never (or no sample). */
export function connectionTable(result: RunResult): Table {
  const columns = [
    'connection', 'workload', 'client', 'server', 'congestion', 'mssBytes', 'startNs', 'establishedNs',
    'forwardBytes', 'reverseBytes', 'goodputBps', 'retransmittedSegments', 'timeouts', 'fastRecoveries',
    'rttSamples', 'rttMinNs', 'rttMeanNs', 'rttP99Ns', 'completionNs', 'requests',
  ];
  const rows = (result.connections ?? []).map((c) => [
    c.connection, c.workload, c.client, c.server, c.congestion, c.mssBytes, c.startNs, never(c.establishedNs),
    c.forwardBytes, c.reverseBytes, c.goodputBps, c.retransmittedSegments, c.timeouts, c.fastRecoveries,
    c.rtt.count, ...delayCells(c.rtt, ['minNs', 'meanNs', 'p99Ns']), never(c.completionNs), c.requests,
  ]);
  return { columns, rows };
}

/** A time the monitor marks −1 when it never came, as an empty cell. */
function never(ns: number): number | '' {
  return ns < 0 ? '' : ns;
}

/** vectors/<connection>.csv tables, by file name. */
export function vectorTables(result: RunResult): Map<string, Table> {
  return new Map((result.vectors ?? []).map((v) => [`vectors/${v.connection}.csv`, { columns: v.columns, rows: v.rows }]));
}

/** The TCP section of summary.md: per TCP workload, and the first connections. */
export function connectionsMarkdown(result: RunResult, table: (header: string[], rows: string[][]) => string): string {
  const tcp = result.workloads.filter((w) => w.tcp);
  if (tcp.length === 0) return '';
  const out = [
    '## TCP',
    '',
    table(
      ['workload', 'connections', 'goodput', 'retransmitted', 'timeouts', 'completed', 'completion p50', 'requests', 'request p50', 'request p99', 'request p99.9'],
      tcp.map((w) => {
        const t = w.tcp as NonNullable<typeof w.tcp>;
        const lat = t.requestLatency;
        return [
          w.workload, String(t.connections), formatRateBps(w.goodputBps), String(t.retransmittedSegments), String(t.timeouts), String(t.completed),
          t.flowCompletion ? formatDurationNs(t.flowCompletion.p50Ns) : '', lat ? String(lat.count) : '',
          lat ? formatDurationNs(lat.p50Ns) : '', lat ? formatDurationNs(lat.p99Ns) : '', lat ? formatDurationNs(lat.p999Ns) : '',
        ];
      }),
    ),
    '',
  ];
  const connections = result.connections ?? [];
  out.push(
    table(
      ['connection', 'client → server', 'goodput', 'retransmitted', 'timeouts', 'rtt min', 'rtt mean', 'rtt p99', 'completion'],
      connections.slice(0, 50).map((c) => [
        c.connection, `${c.client} → ${c.server}`, formatRateBps(c.goodputBps), String(c.retransmittedSegments), String(c.timeouts),
        formatDurationNs(c.rtt.minNs), formatDurationNs(c.rtt.meanNs), formatDurationNs(c.rtt.p99Ns), c.completionNs >= 0 ? formatDurationNs(c.completionNs) : '',
      ]),
    ),
    '',
  );
  if (connections.length > 50) out.push(`${connections.length - 50} more connections in connections.csv.`, '');
  return out.join('\n');
}
