import picocolors from 'picocolors';
import { ScenarioError, formatIssue } from '../scenario/errors.ts';
import { UsageError } from '../scenario/load.ts';
import { ExitCode } from './exit-codes.ts';

/** Colours for stderr: only when stderr is a terminal and NO_COLOR is unset. */
const pc = picocolors.createColors(Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env));

/** Prints an error the way every command does and returns its exit code. */
export function reportError(error: unknown): number {
  if (error instanceof ScenarioError) {
    for (const issue of error.issues) process.stderr.write(`${pc.red('error')} ${formatIssue(issue)}\n`);
    process.stderr.write(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the scenario; nothing was run or written.\n`);
    return ExitCode.InvalidScenario;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${pc.red('error')} ${error.message}\n`);
    return ExitCode.Usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('error')} ${message}\n`);
  return ExitCode.Failure;
}

/** Prints what loading a scenario noted (not errors: fields of a stack file that are ignored), one `note` line each on stderr. */
export function reportNotes(notes: readonly string[]): void {
  for (const note of notes) process.stderr.write(`${pc.cyan('note')} ${note}\n`);
}
