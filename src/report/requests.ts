import type { RunResult } from '../scenario/run.ts';
import type { RequestResult } from '../stats/request-monitor.ts';
import { formatDurationNs } from '../core/units.ts';
import type { Summary } from './summary.ts';
import type { Table } from './tables.ts';

/** Request outcomes of a `per-request` workload, as summary.json gives them. */
export interface RequestSummary {
  succeeded: number;
  failed: number;
  /** Longest time from a failed request until its client saw the error (the SYN retries), ns. */
  failedAfterMaxNs: number;
  /** Answered requests' latency (DNS and IPVS included), ns; 0 when none was answered. */
  latencyP50Ns: number;
  latencyP99Ns: number;
  latencyP999Ns: number;
  /** Requests made while some live host still held a dead task, answered; and their tail, ns. */
  duringStaleSucceeded: number;
  duringStaleP99Ns: number;
  duringStaleP999Ns: number;
  /** Longest client host's error window (first failed request to last), ns; 0 without failures. */
  longestErrorWindowNs: number;
}

/** The summary figures of one workload's requests. */
export function requestSummary(r: RequestResult): RequestSummary {
  return {
    succeeded: r.succeeded,
    failed: r.failed,
    failedAfterMaxNs: r.failedAfterMaxNs,
    latencyP50Ns: r.latency.p50Ns,
    latencyP99Ns: r.latency.p99Ns,
    latencyP999Ns: r.latency.p999Ns,
    duringStaleSucceeded: r.duringStale.succeeded,
    duringStaleP99Ns: r.duringStale.p99Ns,
    duringStaleP999Ns: r.duringStale.p999Ns,
    longestErrorWindowNs: r.windows.reduce((a, w) => Math.max(a, w.lastFailNs - w.firstFailNs), 0),
  };
}

/** error-windows.csv: per `per-request` workload and client host with failed requests. */
export function errorWindowTable(result: RunResult): Table {
  const columns = ['workload', 'host', 'failed', 'firstFailNs', 'lastFailNs', 'windowNs', 'viewDroppedNs'];
  const hosts = result.scenario.topology.hosts;
  const rows = (result.requests ?? []).flatMap((r) =>
    r.windows.map((w) => [r.workload, hosts[w.host] as string, w.failed, w.firstFailNs, w.lastFailNs, w.lastFailNs - w.firstFailNs, w.viewDroppedNs < 0 ? '' : w.viewDroppedNs]),
  );
  return { columns, rows };
}

/** The Requests table of summary.md and report.html: one row per `per-request` workload. */
export function requestRows(summary: Summary): { header: string[]; rows: string[][] } {
  const d = (ns: number) => formatDurationNs(ns);
  const rows = summary.workloads.flatMap((w) => {
    const r = w.requests;
    return r === undefined ? [] : [[w.workload, String(r.succeeded), String(r.failed), d(r.latencyP50Ns), d(r.latencyP99Ns), d(r.latencyP999Ns), d(r.duringStaleP99Ns), d(r.longestErrorWindowNs)]];
  });
  return { header: ['workload', 'answered', 'failed', 'latency p50', 'p99', 'p99.9', 'p99 while stale', 'longest error window'], rows };
}

/** summary.md's Requests section; empty without a `per-request` workload. */
export function requestsMarkdown(summary: Summary, table: (header: string[], rows: string[][]) => string): string {
  const { header, rows } = requestRows(summary);
  if (rows.length === 0) return '';
  return ['## Requests', '', table(header, rows), '', "Each client host's error window (first failed request to last) is in error-windows.csv.", ''].join('\n');
}
