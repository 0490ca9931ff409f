import { join } from 'node:path';
import { formatRateBps, formatDurationNs, parseDurationNs, UnitError } from '../../core/units.ts';
import { summarise } from '../../report/summary.ts';
import { type FileContent, refuseForeignFolder, replicationFiles, runFiles, variantFiles, writeAtomically, WriteInterrupted } from '../../report/write-results.ts';
import { loadScenario, UsageError } from '../../scenario/load.ts';
import { type RunResult, RunInterrupted, runScenario } from '../../scenario/run.ts';
import { ExitCode } from '../exit-codes.ts';
import { checkEventBudget, limitOptions, replicationsOption } from '../limits.ts';
import { InterruptWatch } from '../interrupt.ts';
import { reportError, reportNotes } from '../errors.ts';
import { makeProgress } from '../progress.ts';
import { TOOL_VERSION } from '../version.ts';
import { provenanceOf, variantSets } from '../provenance.ts';

/** Options of `overlaysim run`. */
export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set: string[];
  until?: string;
  quiet?: boolean;
  replications?: string;
  maxEvents?: string;
  maxPackets?: string;
}

/** `overlaysim run <file>`: runs a scenario and writes its results atomically. */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const interrupt = new InterruptWatch();
  const progress = makeProgress('simulating', options.quiet ?? false);
  try {
    // Options first: a bad one is reported before a large scenario is read.
    const untilNs = options.until === undefined ? undefined : parseUntil(options.until);
    const replications = replicationsOption(options.replications);
    const limits = limitOptions(options);
    if (options.out !== undefined) refuseForeignFolder(options.out);
    const loaded = loadScenario(file, options.set);
    if (!options.quiet) reportNotes(loaded.notes);
    const outDir = options.out ?? join('results', loaded.resolved.name);
    refuseForeignFolder(outDir);
    const variants = loaded.variants.length > 0 ? loaded.variants : [{ name: '', resolved: loaded.resolved }];
    for (const v of variants) checkEventBudget(v.name || loaded.resolved.name, v.resolved, untilNs, limits.maxEvents);
    const plan = variants.flatMap((v) => Array.from({ length: replications }, (_, replication) => ({ ...v, replication })));
    const runs: { name: string; replication: number; result: RunResult }[] = [];
    let eventsBefore = 0;
    for (const [i, item] of plan.entries()) {
      interrupt.atOnce();
      const result = await runScenario(item.resolved, {
        onBuilt: () => interrupt.catching(),
        seed: options.seed,
        replication: item.replication,
        untilNs,
        ...limits,
        onProgress: (s) =>
          progress.update({ share: (i + s.nowNs / s.endNs) / plan.length, events: eventsBefore + s.eventsProcessed, simulatedNs: s.nowNs, endNs: s.endNs, runsDone: i, runs: plan.length }),
        shouldStop: () => interrupt.requested,
      });
      eventsBefore += result.eventsProcessed;
      runs.push({ name: item.name, replication: item.replication, result });
      progress.log(headline([item.name || loaded.resolved.name, replications > 1 ? `r${item.replication}` : ''].filter(Boolean).join(' '), result));
    }
    progress.stop();
    if (interrupt.requested) throw new RunInterrupted(runs.at(-1)?.result.durationNs ?? 0);
    interrupt.atOnce();
    const provenance = provenanceOf(loaded, { seed: options.seed, untilNs, replications, sets: options.set });
    const meta = { scenarioFile: file, scenarioSha256: loaded.sha256, toolVersion: TOOL_VERSION, sets: options.set, provenance, variantSets: variantSets(loaded) };
    const single = runs.length === 1 && runs[0]?.name === '' ? runs[0].result : undefined;
    let files: Map<string, FileContent>;
    if (replications > 1) files = await replicationFiles(loaded.resolved.name, runs, meta);
    else files = single ? await runFiles(single, meta) : await variantFiles(loaded.resolved.name, runs, meta);
    interrupt.catching();
    await writeAtomically(outDir, files, () => interrupt.requested);
    if (!options.quiet) process.stderr.write(`results in ${outDir}/ (summary.md first)\n`);
    return ExitCode.Ok;
  } catch (error) {
    progress.stop();
    if (error instanceof RunInterrupted) {
      process.stderr.write(`interrupted at ${formatDurationNs(error.atNs)} simulated; nothing written, earlier results left as they were\n`);
      return ExitCode.Interrupted;
    }
    if (error instanceof WriteInterrupted) {
      process.stderr.write('interrupted while writing results; nothing written, earlier results left as they were\n');
      return ExitCode.Interrupted;
    }
    return reportError(error);
  } finally {
    interrupt.dispose();
  }
}

/** The line of headline numbers printed on stderr after each run. */
function headline(label: string, result: RunResult): string {
  const t = summarise(result).totals;
  return (
    `${label}: ${result.eventsProcessed} events in ${(result.wallMs / 1000).toFixed(2)} s; ` +
    `goodput ${formatRateBps(t.goodputBps)}, mean delay ${formatDurationNs(t.delayMeanNs)}, loss ${(t.lossRatio * 100).toFixed(3)} %, ` +
    `CPU ${t.cpuCoresUsed.toFixed(2)} cores`
  );
}

/** Parses `--until`, a duration; a bad one is a usage error. */
export function parseUntil(text: string): number {
  let ns: number;
  try {
    ns = parseDurationNs(text);
  } catch (error) {
    throw new UsageError(`--until: ${(error as UnitError).message}`);
  }
  if (ns <= 0) throw new UsageError(`--until: expected a duration greater than zero, got ${JSON.stringify(text)}`);
  return ns;
}
