import { join } from 'node:path';
import { formatRateBps, formatDurationNs, parseDurationNs, UnitError } from '../../core/units.ts';
import { summarise } from '../../report/summary.ts';
import { resultFiles, writeAtomically } from '../../report/write-results.ts';
import { loadScenario, UsageError } from '../../scenario/load.ts';
import { RunInterrupted, runScenario } from '../../scenario/run.ts';
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
    const result = await runScenario(loaded.resolved, {
      seed: options.seed,
      untilNs,
      onProgress: (done) => progress.update(done),
      shouldStop: () => interrupted,
    });
    progress.stop();
    const outDir = options.out ?? join('results', loaded.resolved.name);
    writeAtomically(outDir, resultFiles(result, { scenarioFile: file, scenarioSha256: loaded.sha256, toolVersion: TOOL_VERSION, sets: options.set }));
    if (!options.quiet) {
      const t = summarise(result).totals;
      process.stderr.write(
        `${loaded.resolved.name}: ${result.eventsProcessed} events in ${(result.wallMs / 1000).toFixed(2)} s; ` +
          `goodput ${formatRateBps(t.goodputBps)}, mean delay ${formatDurationNs(t.delayMeanNs)}, loss ${(t.lossRatio * 100).toFixed(3)} %\n` +
          `results in ${outDir}/ (summary.md, summary.json, flows.csv, links.csv, cpu.csv, run.json)\n`,
      );
    }
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

function parseUntil(text: string): number {
  try {
    return parseDurationNs(text);
  } catch (error) {
    throw new UsageError(`--until: ${(error as UnitError).message}`);
  }
}
