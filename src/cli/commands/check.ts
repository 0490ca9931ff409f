import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { dirname, join } from 'node:path';
import { type Baseline, benchmarkActionJson, type CheckedMetric, checkedMetrics, checkMarkdown, failed, judge, updatedBaseline } from '../../report/regression.ts';
import { summarise } from '../../report/summary.ts';
import { toJson } from '../../report/write-results.ts';
import { loadScenario, UsageError } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';
import { checkShape, readJsonFile } from '../read-results.ts';

/** Options of `overlaysim check`. */
export interface CheckCommandOptions {
  baseline: string;
  /** Overrides the baseline's tolerance, e.g. `5%`. */
  tolerance?: string;
  update?: boolean;
  benchJson?: string;
}

/** Parses `5%` or `0.05` as a fraction. */
export function parseTolerance(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!(value >= 0 && value < 1)) throw new UsageError(`--tolerance: expected a share such as 5% or 0.05, got ${JSON.stringify(text)}`);
  return value;
}

const BASELINE = 'an overlaysim baseline';
const share = z.number().min(0, 'expected a share from 0 to below 1, e.g. 0.05').lt(1, 'expected a share from 0 to below 1, e.g. 0.05');
const baselineShape = z.object({
  tolerance: share,
  metrics: z.record(
    z.string(),
    z.object({
      // JSON has no NaN: a metric that was not a number is stored as null.
      value: z.number().nullable(),
      unit: z.enum(['bps', 'ns', 'ratio', 'cores', 'cpu-s/GB', 'count', 'B/s']),
      better: z.enum(['higher', 'lower', 'equal']),
      tolerance: share.optional(),
    }),
  ),
});

/** The baseline at `file`, checked; undefined when there is none. */
function readBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  const data = checkShape(readJsonFile(file, BASELINE), baselineShape, file, BASELINE);
  for (const m of Object.values(data.metrics)) m.value ??= Number.NaN;
  return data as Baseline;
}

/**
 * `overlaysim check <scenario...> --baseline FILE`: runs each scenario (every variant), compares
 * its headline metrics and exact counts with the baseline, prints a Markdown table, and exits 1
 * on a regression. `--update` rewrites the baseline instead.
 */
export async function checkCommand(files: string[], options: CheckCommandOptions): Promise<number> {
  try {
    const previous = readBaseline(options.baseline);
    const tolerance = options.tolerance === undefined ? (previous?.tolerance ?? DEFAULT_TOLERANCE) : parseTolerance(options.tolerance);
    if (previous === undefined && !options.update) throw new UsageError(`no baseline at ${options.baseline}; run with --update to create it`);
    if (previous !== undefined && !options.update && Object.keys(previous.metrics).length === 0) {
      throw new UsageError(`${options.baseline} holds no metrics, so check would compare nothing; write it with --update`);
    }
    const metrics: CheckedMetric[] = [];
    for (const file of files) {
      const loaded = loadScenario(file);
      const runs = loaded.variants.length > 0 ? loaded.variants : [{ name: '', resolved: loaded.resolved }];
      for (const run of runs) {
        const label = run.name ? `${loaded.resolved.name}/${run.name}` : loaded.resolved.name;
        metrics.push(...checkedMetrics(label, summarise(await runScenario(run.resolved))));
      }
    }
    if (options.benchJson) {
      const { smaller, bigger } = benchmarkActionJson(metrics);
      mkdirSync(options.benchJson, { recursive: true });
      writeFileSync(join(options.benchJson, 'smaller-is-better.json'), toJson(smaller));
      writeFileSync(join(options.benchJson, 'bigger-is-better.json'), toJson(bigger));
    }
    if (options.update) {
      mkdirSync(dirname(options.baseline), { recursive: true });
      writeFileSync(options.baseline, toJson(updatedBaseline(metrics, previous, tolerance)));
      process.stderr.write(`wrote ${metrics.length} metrics to ${options.baseline}\n`);
      return ExitCode.Ok;
    }
    const verdicts = judge(metrics, { ...(previous as Baseline), tolerance });
    process.stdout.write(checkMarkdown(verdicts));
    return failed(verdicts) ? ExitCode.Failure : ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}

/** The tolerance used when neither the command line nor the baseline gives one: 5%. */
export const DEFAULT_TOLERANCE = 0.05;
