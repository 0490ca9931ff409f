import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import * as z from 'zod';
import type { Summary } from '../../report/summary.ts';
import { type IndexEntry, jobDir, sortedEntries } from '../../report/sweep-index.ts';
import { writeAtomically } from '../../report/write-results.ts';
import { UsageError } from '../../scenario/load.ts';
import { planJobs } from '../../sweep/job.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';
import { checkShape, readJsonFile, summaryShape } from '../read-results.ts';
import { type SweepManifest, sweepFiles } from './sweep.ts';

const MANIFEST = 'the sweep.json of `overlaysim sweep`';
const SUMMARY = 'an overlaysim summary.json';

const manifestShape = z.looseObject({
  scenario: z.string(),
  sweptPaths: z.array(z.string()),
  points: z.array(z.unknown()),
  variants: z.array(z.string()),
  replications: z.int().min(1),
  shard: z.string(),
  provenance: z.looseObject({}, { error: 'expected the provenance a sweep records (sweeps written before overlaysim recorded it cannot be merged: run them again)' }),
  entries: z.array(
    z.looseObject({
      job: z.looseObject({ pointIndex: z.int().min(0).optional(), variantIndex: z.int().min(0), variant: z.string(), replication: z.int().min(0) }),
      values: z.record(z.string(), z.unknown()),
      dir: z.string(),
    }),
  ),
});

function readManifest(dir: string): SweepManifest {
  const file = join(dir, 'sweep.json');
  if (!existsSync(file)) throw new UsageError(`${dir} has no sweep.json: pass folders written by \`overlaysim sweep --shard k/N\``);
  return checkShape(readJsonFile(file, MANIFEST), manifestShape, file, MANIFEST) as unknown as SweepManifest;
}

/** Every file below a run folder (vectors/ included), by path relative to it. */
function readRunFiles(dir: string): Map<string, string> {
  const names = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
  return new Map(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** Fields that must be equal in every shard of one sweep (provenance field by field). */
const SAME_SWEEP_FIELDS = ['scenario', 'scenarioSha256', 'sets', 'seed', 'replications', 'sweptPaths', 'points', 'variants'] as const;

/** The first field in which two manifests differ, as `path: a vs b`, or undefined. */
function difference(a: SweepManifest, b: SweepManifest): string | undefined {
  const pairs: [string, unknown, unknown][] = SAME_SWEEP_FIELDS.map((f) => [f, a[f], b[f]]);
  const pa: Record<string, unknown> = { ...a.provenance };
  const pb: Record<string, unknown> = { ...b.provenance };
  for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) pairs.push([`provenance.${k}`, pa[k], pb[k]]);
  for (const [field, x, y] of pairs) {
    const jx = JSON.stringify(x) ?? 'nothing';
    const jy = JSON.stringify(y) ?? 'nothing';
    if (jx !== jy) return `${field} differs (${short(jx)} vs ${short(jy)})`;
  }
  return undefined;
}

function short(json: string): string {
  return json.length <= 80 ? json : `${json.slice(0, 77)}…`;
}

/**
 * A run folder named in a manifest must be the one `sweep` names that job's folder, so a
 * hand-edited `dir` (say `../../escape`) can neither read nor write outside the shard.
 */
function checkRunDir(shardDir: string, entry: SweepManifest['entries'][number], replications: number): void {
  const expected = jobDir(entry.job, replications);
  if (entry.dir !== expected || isAbsolute(entry.dir) || normalize(entry.dir).startsWith('..')) {
    throw new UsageError(`${join(shardDir, 'sweep.json')} names run folder ${JSON.stringify(entry.dir)} for the job whose folder is ${JSON.stringify(expected)}; refusing a path that is not that shard's own run folder`);
  }
}

/** A run's summary.json, checked, and its provenance checked against the shard's. */
function readRunSummary(runDir: string, files: Map<string, string>, manifest: SweepManifest, variant: string): Summary {
  const file = join(runDir, 'summary.json');
  const text = files.get('summary.json');
  if (text === undefined) throw new UsageError(`${runDir} has no summary.json`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}); expected ${SUMMARY}`);
  }
  const summary = checkShape(data, summaryShape, file, SUMMARY) as unknown as Summary & { provenance?: Record<string, unknown> };
  const { variantSets, ...shared } = manifest.provenance;
  const expected: Record<string, unknown> = { ...shared, variant, variantSets: variantSets[variant] ?? {} };
  for (const [k, v] of Object.entries(expected)) {
    if (JSON.stringify(summary.provenance?.[k]) !== JSON.stringify(v)) {
      throw new UsageError(`${file} was not made by the sweep of its shard: provenance.${k} differs from sweep.json (${short(JSON.stringify(summary.provenance?.[k]) ?? 'nothing')} vs ${short(JSON.stringify(v))})`);
    }
  }
  return summary;
}

/**
 * `overlaysim merge <dir...> --out DIR`: joins the shards of a sweep into the folder an
 * unsharded sweep writes (same index.csv, sweep.json and run folders). Refuses shards of
 * different sweeps (naming the field that differs), run folders outside their shard,
 * overlapping shards, and an incomplete set.
 */
export async function mergeCommand(dirs: string[], options: { out: string; quiet?: boolean }): Promise<number> {
  try {
    const manifests = dirs.map(readManifest);
    const first = manifests[0];
    if (!first) throw new UsageError('merge needs at least one shard folder');
    manifests.forEach((m, i) => {
      const diff = difference(first, m);
      if (diff !== undefined) throw new UsageError(`${dirs[i]} is from a different sweep than ${dirs[0]}: ${diff}`);
    });
    const entries: IndexEntry[] = [];
    const perRun = new Map<string, Map<string, string>>();
    manifests.forEach((m, i) => {
      const shardDir = dirs[i] as string;
      for (const e of m.entries) checkRunDir(shardDir, e, first.replications);
      for (const e of m.entries) {
        if (perRun.has(e.dir)) throw new UsageError(`run ${e.dir} appears in more than one shard`);
        const runDir = join(shardDir, e.dir);
        if (!existsSync(runDir)) throw new UsageError(`${runDir} is missing: the shard is incomplete`);
        const files = readRunFiles(runDir);
        entries.push({ ...e, summary: readRunSummary(runDir, files, m, e.job.variant) });
        perRun.set(e.dir, files);
      }
    });
    const planned = planJobs(first.points.length, first.variants, first.replications).length;
    if (entries.length !== planned) {
      throw new UsageError(`the shards hold ${entries.length} of the sweep's ${planned} runs; pass every shard`);
    }
    const ordered = sortedEntries(entries);
    const orderedRuns = new Map(ordered.map((e) => [e.dir, perRun.get(e.dir) as Map<string, string>]));
    const manifest: SweepManifest = { ...first, shard: '1/1', entries: ordered.map(({ summary: _summary, ...rest }) => rest) };
    await writeAtomically(options.out, await sweepFiles(manifest, entries, orderedRuns));
    if (!options.quiet) process.stderr.write(`merged ${dirs.length} shards, ${entries.length} runs, into ${options.out}/\n`);
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}
