import { stringify } from 'csv-stringify/sync';
import type { Job } from '../sweep/job.ts';
import type { Summary } from './summary.ts';
import type { SweptColumn } from './swept-values.ts';
import { ratio } from './tables.ts';

/** One run of a sweep as index.csv lists it. */
export interface IndexEntry {
  job: Job;
  /** Swept field values of the job's point, by path. */
  values: Record<string, unknown>;
  /** Folder of the run's files, relative to the sweep folder. */
  dir: string;
  summary: Summary;
}

/** The folder of a job's files: `p3-encrypted-r2` style, parts omitted when there is one choice. */
export function jobDir(job: Job, replications: number): string {
  const parts: string[] = [];
  if (job.pointIndex !== undefined) parts.push(`p${job.pointIndex}`);
  if (job.variant !== '') parts.push(job.variant);
  if (replications > 1) parts.push(`r${job.replication}`);
  return parts.length === 0 ? 'run' : parts.join('-');
}

/** Entries in job order: point, then variant, then replication. */
export function sortedEntries(entries: readonly IndexEntry[]): IndexEntry[] {
  return [...entries].sort(
    (a, b) => (a.job.pointIndex ?? 0) - (b.job.pointIndex ?? 0) || a.job.variantIndex - b.job.variantIndex || a.job.replication - b.job.replication,
  );
}

/**
 * index.csv: one row per run (tidy form): point, variant, replication, the swept values (numbers
 * in a base unit named in the column, see {@link sweptColumn}), then
 * headline metrics and per-workload goodput and delay percentiles. Rows are sorted by job order
 * (point, variant, replication), so a merged set of shards writes the same file as one run.
 */
export function indexCsv(entries: readonly IndexEntry[], swept: readonly SweptColumn[]): string {
  const sorted = sortedEntries(entries);
  const workloads: string[] = [];
  for (const e of sorted) for (const w of e.summary.workloads) if (!workloads.includes(w.workload)) workloads.push(w.workload);
  // `per-request` workloads also give their failed requests, longest error window and answered p99.
  const withRequests = workloads.filter((name) => sorted.some((e) => e.summary.workloads.some((w) => w.workload === name && w.requests !== undefined)));
  const header = [
    'point', 'variant', 'replication', 'seed', 'dir', ...swept.map((c) => c.name),
    'eventsProcessed', 'goodputBps', 'delayMeanNs', 'worstFlowDelayP99Ns', 'lossRatio', 'drops',
    'cpuCoresUsed', 'cpuSecondsPerGB', 'busiestLinkUtilisation', 'busiestCoreUtilisation',
    ...workloads.flatMap((w) => [`${w}.goodputBps`, `${w}.delayP50Ns`, `${w}.delayP99Ns`, `${w}.lossRatio`]),
    ...withRequests.flatMap((w) => [`${w}.requestsFailed`, `${w}.longestErrorWindowNs`, `${w}.requestLatencyP99Ns`]),
  ];
  const rows = sorted.map((e) => {
    const t = e.summary.totals;
    return [
      e.job.pointIndex ?? '', e.job.variant, e.job.replication, e.summary.seed, e.dir, ...swept.map((c) => c.cell(e.values[c.path])),
      e.summary.engine.eventsProcessed, t.goodputBps, t.delayMeanNs, t.worstFlowDelayP99Ns, t.lossRatio, t.drops,
      t.cpuCoresUsed, t.cpuSecondsPerGB, t.busiestLinkUtilisation, t.busiestCoreUtilisation,
      ...workloads.flatMap((name): (string | number)[] => {
        const w = e.summary.workloads.find((x) => x.workload === name);
        return w ? [w.goodputBps, w.delay.p50Ns, w.delay.p99Ns, ratio(w.lossRatio)] : ['', '', '', ''];
      }),
      ...withRequests.flatMap((name): (string | number)[] => {
        const r = e.summary.workloads.find((x) => x.workload === name)?.requests;
        return r ? [r.failed, r.longestErrorWindowNs, r.latencyP99Ns] : ['', '', ''];
      }),
    ];
  });
  return stringify([header, ...rows]);
}
