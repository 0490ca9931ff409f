import { UsageError } from '../scenario/usage-error.ts';

/** Parses a positive whole number option. */
export function positiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name}: expected a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return n;
}
