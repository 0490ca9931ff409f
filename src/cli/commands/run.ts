import { join } from 'node:path';
import { formatRateBps, formatDurationNs, parseDurationNs, UnitError } from '../../core/units.ts';
import { summarise } from '../../report/summary.ts';
import { resultFiles, variantFiles, writeAtomically } from '../../report/write-results.ts';
import { loadScenario, UsageError } from '../../scenario/load.ts';
import { type RunResult, RunInterrupted, runScenario } from '../../scenario/run.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';
import { makeProgress } from '../progress.ts';
import { TOOL_VERSION } from '../version.ts';

/** Options of `overlaysim run`. */
export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set: string[];
  until?: string;
  quiet?: boolean;
}

/** `overlaysim run <file>`: runs a scenario and writes its results atomically. */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const progress = makeProgress('simulating', options.quiet ?? false);
  try {
    const loaded = loadScenario(file, options.set);
    const untilNs = options.until === undefined ? undefined : parseUntil(options.until);
    const plan = loaded.variants.length > 0 ? loaded.variants : [{ name: '', resolved: loaded.resolved }];
    const runs: { name: string; result: RunResult }[] = [];
    for (const [i, variant] of plan.entries()) {
      const result = await runScenario(variant.resolved, {
        seed: options.seed,
        untilNs,
        onProgress: (done) => progress.update((i + done) / plan.length),
        shouldStop: () => interrupted,
      });
      runs.push({ name: variant.name, result });
      if (!options.quiet) report(variant.name || loaded.resolved.name, result);
    }
    progress.stop();
    const outDir = options.out ?? join('results', loaded.resolved.name);
    const meta = { scenarioFile: file, scenarioSha256: loaded.sha256, toolVersion: TOOL_VERSION, sets: options.set };
    const single = runs.length === 1 && runs[0]?.name === '' ? runs[0].result : undefined;
    writeAtomically(outDir, single ? resultFiles(single, meta) : variantFiles(loaded.resolved.name, runs, meta));
    if (!options.quiet) process.stderr.write(`results in ${outDir}/ (summary.md first)\n`);
    return ExitCode.Ok;
  } catch (error) {
    progress.stop();
    if (error instanceof RunInterrupted) {
      process.stderr.write(`interrupted at ${formatDurationNs(error.atNs)} simulated; nothing written, earlier results left as they were\n`);
      return ExitCode.Interrupted;
    }
    return reportError(error);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** One line per finished run on stderr. */
function report(label: string, result: RunResult): void {
  const t = summarise(result).totals;
  process.stderr.write(
    `${label}: ${result.eventsProcessed} events in ${(result.wallMs / 1000).toFixed(2)} s; ` +
      `goodput ${formatRateBps(t.goodputBps)}, mean delay ${formatDurationNs(t.delayMeanNs)}, loss ${(t.lossRatio * 100).toFixed(3)} %, ` +
      `CPU ${t.cpuCoresUsed.toFixed(2)} cores\n`,
  );
}

/** Parses `--until`, a duration; a bad one is a usage error. */
export function parseUntil(text: string): number {
  try {
    return parseDurationNs(text);
  } catch (error) {
    throw new UsageError(`--until: ${(error as UnitError).message}`);
  }
}
