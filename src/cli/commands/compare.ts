import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { comparisonMarkdown } from '../../report/comparison.ts';
import type { Summary } from '../../report/summary.ts';
import { UsageError } from '../../scenario/load.ts';
import { ExitCode } from '../exit-codes.ts';
import { reportError } from '../errors.ts';
import { checkShape, readJsonFile, summaryShape } from '../read-results.ts';

const SUMMARY = 'an overlaysim summary.json';

/** Reads a finished run's summary.json. */
function readSummary(dir: string): Summary {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) {
    throw new UsageError(`${dir} has no summary.json: pass run folders written by \`overlaysim run\` (for a scenario with variants, one variant's folder)`);
  }
  return checkShape(readJsonFile(file, SUMMARY), summaryShape, file, SUMMARY) as unknown as Summary;
}

/**
 * `overlaysim compare <runDir> <runDir>...`: prints a Markdown table of the headline metrics of
 * finished runs side by side, with each run's change against the first.
 */
export function compareCommand(dirs: string[]): number {
  try {
    if (dirs.length < 2) throw new UsageError('compare needs at least two run folders');
    const summaries = dirs.map(readSummary);
    const short = dirs.map((d) => basename(d.replace(/\/+$/, '')) || d);
    const labels = new Set(short).size === short.length ? short : dirs;
    process.stdout.write(`${comparisonMarkdown(labels, summaries)}\n`);
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error);
  }
}
