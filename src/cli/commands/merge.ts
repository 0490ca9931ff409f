import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../report/summary.ts';
import { type IndexEntry, sortedEntries } from '../../report/sweep-index.ts';
import { writeAtomically } from '../../report/write-results.ts';
import { UsageError } from '../../scenario/load.ts';
import { planJobs } from '../../sweep/job.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';
import { type SweepManifest, sweepFiles } from './sweep.ts';

function readManifest(dir: string): SweepManifest {
  try {
    return JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepManifest;
  } catch {
    throw new UsageError(`${dir} has no readable sweep.json: pass folders written by \`overlaysim sweep --shard k/N\``);
  }
}

/** Every file of a run folder, by name. */
function readRunFiles(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const SAME_SWEEP_FIELDS = ['scenarioSha256', 'sets', 'seed', 'replications', 'points', 'variants'] as const;

/**
 * `overlaysim merge <dir...> --out DIR`: joins the shards of a sweep into the folder an
 * unsharded sweep writes (same index.csv, sweep.json and run folders). Refuses shards of
 * different sweeps, overlapping shards, and an incomplete set.
 */
export async function mergeCommand(dirs: string[], options: { out: string; quiet?: boolean }): Promise<number> {
  try {
    const manifests = dirs.map(readManifest);
    const first = manifests[0];
    if (!first) throw new UsageError('merge needs at least one shard folder');
    manifests.forEach((m, i) => {
      for (const field of SAME_SWEEP_FIELDS) {
        if (JSON.stringify(m[field]) !== JSON.stringify(first[field])) {
          throw new UsageError(`${dirs[i]} is from a different sweep than ${dirs[0]} (${field} differs)`);
        }
      }
    });
    const entries: IndexEntry[] = [];
    const perRun = new Map<string, Map<string, string>>();
    manifests.forEach((m, i) => {
      for (const e of m.entries) {
        if (perRun.has(e.dir)) throw new UsageError(`run ${e.dir} appears in more than one shard`);
        const runDir = join(dirs[i] as string, e.dir);
        const files = readRunFiles(runDir);
        const summary = JSON.parse(files.get('summary.json') ?? 'null') as Summary | null;
        if (!summary) throw new UsageError(`${runDir} has no summary.json`);
        entries.push({ ...e, summary });
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
    writeAtomically(options.out, await sweepFiles(manifest, entries, orderedRuns));
    if (!options.quiet) process.stderr.write(`merged ${dirs.length} shards, ${entries.length} runs, into ${options.out}/\n`);
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}
