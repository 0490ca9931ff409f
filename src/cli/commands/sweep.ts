import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CHART_RUNTIME_FILE, chartRuntimeParts } from '../../report/html/render-chart.ts';
import { sweepReportHtml } from '../../report/html/sweep-report.ts';
import { type IndexEntry, indexCsv, jobDir, sortedEntries } from '../../report/sweep-index.ts';
import { sweptColumns } from '../../report/swept-values.ts';
import { type FileContent, nestedResultFiles, refuseForeignFolder, summaryOf, toJson, writeAtomically, WriteInterrupted } from '../../report/write-results.ts';
import { type LoadedScenario, loadScenario, loadScenarioText, UsageError } from '../../scenario/load.ts';
import type { SweepPoint } from '../../scenario/sweep-grid.ts';
import type { SweepLimit } from '../../scenario/sweep-limit.ts';
import { type JobInput, planJobs } from '../../sweep/job.ts';
import { PoolStopped, runJobs } from '../../sweep/pool.ts';
import { RunInterrupted } from '../../scenario/run.ts';
import { ExitCode } from '../exit-codes.ts';
import { positiveInt } from '../options.ts';
import { checkEventBudget, limitOptions, replicationsOption } from '../limits.ts';
import { InterruptWatch } from '../interrupt.ts';
import { reportError, reportNotes } from '../errors.ts';
import { makeProgress } from '../progress.ts';
import { TOOL_VERSION } from '../version.ts';
import { provenanceOf, variantSets } from '../provenance.ts';
import type { Provenance } from '../../report/provenance.ts';
import { parseUntil } from './run.ts';

/** Options of `overlaysim sweep`. */
export interface SweepCommandOptions {
  jobs?: string;
  shard?: string;
  replications?: string;
  seed?: number;
  set: string[];
  until?: string;
  out?: string;
  quiet?: boolean;
  maxEvents?: string;
  maxPackets?: string;
}

/** What sweep.json records, so `merge` can check and join shards. */
export interface SweepManifest {
  scenario: string;
  scenarioFile: string;
  scenarioSha256: string;
  sets: readonly string[];
  seed: number;
  replications: number;
  sweptPaths: string[];
  points: SweepPoint[];
  variants: string[];
  /** `k/N`. */
  shard: string;
  /** The scenario's `sweep.limit`, drawn on the report. */
  limit?: SweepLimit;
  /** What decided the results; every shard of one sweep must have the same. */
  provenance: Provenance & { variantSets: Record<string, Record<string, unknown>> };
  entries: Omit<IndexEntry, 'summary'>[];
}


/** Parses `k/N` with 1 ≤ k ≤ N. */
export function parseShard(text: string | undefined): { shard: number; shards: number } {
  if (text === undefined) return { shard: 1, shards: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const shard = Number(m?.[1]);
  const shards = Number(m?.[2]);
  if (!m || shards < 1 || shard < 1 || shard > shards) throw new UsageError(`--shard: expected k/N with 1 ≤ k ≤ N, e.g. 2/4, got ${JSON.stringify(text)}`);
  return { shard, shards };
}

/** The files of a finished (shard of a) sweep: each run's folder, index.csv, sweep.json, report.html and the chart runtime its pages load. */
export async function sweepFiles(manifest: SweepManifest, entries: readonly IndexEntry[], perRun: Map<string, Map<string, string>>): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  for (const [dir, runFiles] of perRun) for (const [name, content] of runFiles) files.set(`${dir}/${name}`, content);
  const swept = sweptColumns(manifest.points);
  files.set('index.csv', indexCsv(entries, swept));
  files.set('sweep.json', toJson(manifest));
  files.set('report.html', sweepReportHtml(manifest.scenario, swept, sortedEntries(entries), manifest.limit));
  files.set(CHART_RUNTIME_FILE, chartRuntimeParts());
  return files;
}

/**
 * `overlaysim sweep <file>`: runs every point of the scenario's sweep grid (× variants ×
 * replications) on worker threads and writes one folder per run, index.csv and sweep.json.
 */
export async function sweepCommand(file: string, options: SweepCommandOptions): Promise<number> {
  const interrupt = new InterruptWatch();
  const progress = makeProgress('sweeping', options.quiet ?? false);
  try {
    const threads = positiveInt(options.jobs, '--jobs', availableParallelism());
    const replications = replicationsOption(options.replications);
    const limits = limitOptions(options);
    const { shard, shards } = parseShard(options.shard);
    const untilNs = options.until === undefined ? undefined : parseUntil(options.until);
    if (options.out !== undefined) refuseForeignFolder(options.out);
    const loaded = loadScenario(file, options.set);
    if (!options.quiet) reportNotes(loaded.notes);
    const outDir = options.out ?? join('results', loaded.resolved.name, shards === 1 ? 'sweep' : `sweep-shard-${shard}-of-${shards}`);
    refuseForeignFolder(outDir);
    const text = loaded.source.text;
    // Every point is checked before anything runs, so a bad value fails fast and writes nothing.
    const points = loaded.sweep;
    const budget = (l: LoadedScenario, at: string) => {
      const runs = l.variants.length > 0 ? l.variants : [{ name: '', resolved: l.resolved }];
      for (const v of runs) checkEventBudget([at, v.name].filter(Boolean).join(' ') || l.resolved.name, v.resolved, untilNs, limits.maxEvents);
    };
    if (points.length === 0) budget(loaded, '');
    for (const p of points) budget(loadScenarioText(file, text, options.set, p.index), `sweep point ${p.index}`);
    const variants = loaded.variants.map((v) => v.name);
    const jobs = planJobs(points.length, variants, replications, shard, shards);
    const inputs: JobInput[] = jobs.map((job) => ({ file, text, sets: options.set, seed: options.seed, untilNs, ...limits, job }));
    interrupt.catching();
    progress.update({ share: 0, runsDone: 0, runs: jobs.length });
    const results = await runJobs(inputs, {
      threads,
      onDone: (done) => progress.update({ share: done / jobs.length, runsDone: done, runs: jobs.length }),
      shouldStop: () => interrupt.requested,
    });
    progress.stop();
    if (interrupt.requested) throw new PoolStopped('stopped');
    interrupt.atOnce();

    const provenance = provenanceOf(loaded, { seed: options.seed, untilNs, replications, sets: options.set });
    const sets = variantSets(loaded);
    const meta = { scenarioFile: file, scenarioSha256: loaded.sha256, toolVersion: TOOL_VERSION, sets: options.set, provenance, variantSets: sets };
    const entries: IndexEntry[] = [];
    const perRun = new Map<string, Map<string, string>>();
    for (const [i, job] of jobs.entries()) {
      const result = results[i];
      if (!result) throw new Error(`job ${i} has no result`);
      const dir = jobDir(job, replications);
      const point = job.pointIndex === undefined ? undefined : points[job.pointIndex];
      const values = Object.fromEntries((point?.values ?? []).map((v) => [v.path, v.value]));
      entries.push({ job, values, dir, summary: summaryOf(result, job.variant) });
      perRun.set(dir, await nestedResultFiles(result, { ...meta, variant: job.variant }, dir));
    }
    const manifest: SweepManifest = {
      scenario: loaded.resolved.name,
      scenarioFile: file,
      scenarioSha256: loaded.sha256,
      sets: options.set,
      seed: options.seed ?? loaded.resolved.seed,
      replications,
      sweptPaths: points[0]?.values.map((v) => v.path) ?? [],
      points,
      variants,
      shard: `${shard}/${shards}`,
      provenance: { ...provenance, variantSets: sets },
      ...(loaded.sweepLimit ? { limit: loaded.sweepLimit } : {}),
      entries: entries.map(({ summary: _summary, ...rest }) => rest),
    };
    const files = await sweepFiles(manifest, entries, perRun);
    interrupt.catching();
    await writeAtomically(outDir, files, () => interrupt.requested);
    const used = Math.min(threads, jobs.length);
    progress.log(`${jobs.length} run${jobs.length === 1 ? '' : 's'} on ${used} thread${used === 1 ? '' : 's'}; results in ${outDir}/ (index.csv first)`);
    return ExitCode.Ok;
  } catch (error) {
    progress.stop();
    if (error instanceof PoolStopped || error instanceof RunInterrupted || error instanceof WriteInterrupted) {
      process.stderr.write('interrupted; nothing written, earlier results left as they were\n');
      return ExitCode.Interrupted;
    }
    return reportError(error);
  } finally {
    interrupt.dispose();
  }
}
