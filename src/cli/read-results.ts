import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { UsageError } from '../scenario/usage-error.ts';
import { formatPath } from '../scenario/errors.ts';
import { describeValue } from '../scenario/fields.ts';

/**
 * Reading of files overlaysim wrote earlier (summary.json, sweep.json, a baseline). Anything
 * missing, truncated or of the wrong shape is a usage error (exit 2) that names the file and
 * what is wrong, never a TypeError: to `check`, exit 1 means a regression.
 */

/** Parses a JSON file; `what` names it in messages, e.g. `an overlaysim baseline`. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): expected ${what}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}); expected ${what}`);
  }
}

/**
 * Checks `data` against `schema` and returns it unchanged (key order kept); the first problem
 * becomes a usage error naming the file and field.
 */
export function checkShape<S extends z.ZodType>(data: unknown, schema: S, file: string, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return data as z.output<S>;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  let found: unknown = data;
  for (const key of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[key] : undefined;
  const where = issue.path.length === 0 ? '' : `${formatPath(issue.path)}: `;
  const expected = issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '');
  throw new UsageError(`${file} is not ${what}: ${where}${expected}, got ${describeValue(found)}`);
}

/** A number, or null where a run had nothing to measure (JSON has no NaN or Infinity). */
const measured = z.number().nullable();
const delay = z.looseObject({ count: z.number(), meanNs: measured, p50Ns: measured, p99Ns: measured });

/** The parts of summary.json that `compare` and `merge` read. */
export const summaryShape = z.looseObject({
  scenario: z.string(),
  seed: z.number(),
  engine: z.looseObject({ eventsProcessed: z.number(), packetsCreated: z.number() }),
  totals: z.looseObject({
    goodputBps: z.number(),
    cpuCoresUsed: z.number(),
    cpuSecondsPerGB: z.number(),
    busiestCoreUtilisation: z.number(),
    busiestLinkUtilisation: z.number(),
  }),
  workloads: z.array(z.looseObject({ workload: z.string(), goodputBps: z.number(), lossRatio: z.number(), delay })),
});
