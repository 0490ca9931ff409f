import { stringify } from 'csv-stringify/sync';
import type { RunResult } from '../scenario/run.ts';
import { type Provenance, type RunProvenance, runProvenance } from './provenance.ts';
import { comparisonCsvRows, comparisonMarkdown } from './comparison.ts';
import { summaryMarkdown } from './markdown.ts';
import { type ReplicationGroup, replicationCsv, replicationMarkdown } from './replications.ts';
import { type Summary, summarise } from './summary.ts';
import { replicationsReportHtml, variantsReportHtml } from './html/comparison-report.ts';
import { runReportHtml } from './html/run-report.ts';
import { CHART_RUNTIME_FILE, chartRuntimeJs, chartRuntimeParts } from './html/render-chart.ts';
import { cpuTable, flowTable, intervalTable, latencyTable, linkTable, type Table } from './tables.ts';
import { gossipCurveTable, gossipTable } from './gossip-report.ts';
import { connectionTable, vectorTables } from './connections.ts';
import { serviceTable } from './services.ts';
import { errorWindowTable } from './requests.ts';
import type { FileContent } from './atomic-folder.ts';

/** Facts about the run that are not results: only run.json holds wall-clock data. */
export interface RunMeta {
  scenarioFile: string;
  scenarioSha256: string;
  toolVersion: string;
  /** `--set` overrides applied. */
  sets: readonly string[];
  /** What decided the results, written to run.json and summary.json with the variant's name and overrides. */
  provenance?: Provenance;
  /** Each variant's overrides, by name (empty without variants). */
  variantSets?: Readonly<Record<string, Record<string, unknown>>>;
  /** The variant these files are of ('' for none). */
  variant?: string;
}

function provenanceIn(meta: RunMeta): RunProvenance | undefined {
  return meta.provenance && runProvenance(meta.provenance, meta.variant ?? '', meta.variantSets ?? {});
}

export { type FileContent, refuseForeignFolder, writeAtomically, WriteInterrupted } from './atomic-folder.ts';

/** Serialises a value as stable, readable JSON with a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function toCsv(table: Table): string {
  return stringify([table.columns, ...table.rows]);
}

/** A run's summary, naming its variant (if any) right after the scenario. */
export function summaryOf(result: RunResult, variant = ''): Summary {
  const { scenario, ...rest } = summarise(result);
  return variant === '' ? { scenario, ...rest } : { scenario, variant, ...rest };
}

/**
 * The result files of a run that is a results folder of its own, by name: its files and, at the
 * top, the chart runtime its report.html loads. Everything but run.json is deterministic. The
 * summary and report name `meta.variant`. Every file is text; the command line writes
 * {@link runFiles}, the same files with the chart runtime as bytes.
 */
export async function resultFiles(result: RunResult, meta: RunMeta): Promise<Map<string, string>> {
  const files = await nestedResultFiles(result, meta, '');
  files.set(CHART_RUNTIME_FILE, chartRuntimeJs());
  return files;
}

/** {@link resultFiles} with the chart runtime as the pieces of bytes it is copied from, which saves decoding and encoding 0.75 MB. */
export async function runFiles(result: RunResult, meta: RunMeta): Promise<Map<string, FileContent>> {
  const files: Map<string, FileContent> = await nestedResultFiles(result, meta, '');
  files.set(CHART_RUNTIME_FILE, chartRuntimeParts());
  return files;
}

/**
 * The result files of a run written to the folder `dir` (say `encrypted/r0`, '' for the top)
 * inside a results folder, by name within `dir`. Its report.html loads the chart runtime from the
 * top of the results folder, which the caller writes once there.
 */
export async function nestedResultFiles(result: RunResult, meta: RunMeta, dir: string): Promise<Map<string, string>> {
  const depth = dir === '' ? 0 : dir.split('/').length;
  const summary = summaryOf(result, meta.variant ?? '');
  const provenance = provenanceIn(meta);
  const run = {
    scenarioFile: meta.scenarioFile,
    scenarioSha256: meta.scenarioSha256,
    sets: meta.sets,
    seed: result.seed,
    replication: result.replication,
    tool: { name: 'overlaysim', version: meta.toolVersion, node: process.version },
    eventsProcessed: result.eventsProcessed,
    wallMs: Math.round(result.wallMs),
    eventsPerSecond: Math.round(result.eventsProcessed / (result.wallMs / 1000)),
    finishedAt: new Date().toISOString(),
    ...(provenance ? { provenance } : {}),
  };
  const files = new Map([
    ['run.json', toJson(run)],
    ['summary.json', toJson(provenance ? { ...summary, provenance } : summary)],
    ['summary.md', summaryMarkdown(summary, result)],
    ['flows.csv', toCsv(flowTable(result))],
    ['links.csv', toCsv(linkTable(result))],
    ['cpu.csv', toCsv(cpuTable(result))],
    ['latency.csv', toCsv(latencyTable(result))],
    ['report.html', runReportHtml(summary, result, depth)],
  ]);
  if (result.gossip) {
    files.set('gossip.csv', toCsv(gossipTable(result.gossip)));
    files.set('gossip-curves.csv', toCsv(gossipCurveTable(result.gossip)));
  }
  if (result.connections) files.set('connections.csv', toCsv(connectionTable(result)));
  if (result.scenario.tasks.length > 0) files.set('services.csv', toCsv(serviceTable(result)));
  if (result.requests) files.set('error-windows.csv', toCsv(errorWindowTable(result)));
  for (const [name, table] of vectorTables(result)) files.set(name, toCsv(table));
  if (result.intervals) files.set('intervals.csv', toCsv(intervalTable(result)));
  return files;
}

/**
 * Files of a run with variants: each variant's files in its own folder, and at the top a
 * summary.md comparing them side by side (deltas against the first variant), comparison.csv,
 * report.html and the chart runtime every page of the folder loads.
 */
export async function variantFiles(scenarioName: string, runs: readonly { name: string; result: RunResult }[], meta: RunMeta): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  for (const { name, result } of runs) {
    for (const [file, content] of await nestedResultFiles(result, { ...meta, variant: name }, name)) files.set(`${name}/${file}`, content);
  }
  const labels = runs.map((r) => r.name);
  const summaries = runs.map((r) => summaryOf(r.result, r.name));
  const first = runs[0]?.result;
  const md = [
    `# ${scenarioName}: ${labels.join(' vs ')}`,
    '',
    first ? `Seed ${first.seed}, the same for every variant. Deltas are against ${labels[0]}. Each variant's full results are in its folder.` : '',
    '',
    comparisonMarkdown(labels, summaries),
    '',
  ].join('\n');
  files.set('summary.md', md);
  files.set('comparison.csv', stringify(comparisonCsvRows(labels, summaries)));
  files.set('report.html', variantsReportHtml(scenarioName, labels, summaries));
  files.set(CHART_RUNTIME_FILE, chartRuntimeParts());
  return files;
}

/**
 * Files of a run with replications: each run's files in `<variant>/r<k>/` (or `r<k>/`), and at
 * the top summary.md and replications.csv with mean and 95% confidence interval per metric,
 * report.html and the chart runtime every page of the folder loads.
 */
export async function replicationFiles(
  scenarioName: string,
  runs: readonly { name: string; replication: number; result: RunResult }[],
  meta: RunMeta,
): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  const groups = new Map<string, ReplicationGroup>();
  for (const { name, replication, result } of runs) {
    const dir = name ? `${name}/r${replication}` : `r${replication}`;
    for (const [file, content] of await nestedResultFiles(result, { ...meta, variant: name }, dir)) files.set(`${dir}/${file}`, content);
    const group = groups.get(name) ?? { label: name, summaries: [] };
    group.summaries.push(summaryOf(result, name));
    groups.set(name, group);
  }
  files.set('summary.md', replicationMarkdown(scenarioName, [...groups.values()]));
  files.set('replications.csv', replicationCsv([...groups.values()]));
  files.set('report.html', replicationsReportHtml(scenarioName, [...groups.values()]));
  files.set(CHART_RUNTIME_FILE, chartRuntimeParts());
  return files;
}
