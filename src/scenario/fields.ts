import { z } from 'zod';
import {
  parseDurationNs,
  parseEventRatePerS,
  parseProbability,
  parseRateBps,
  parseSizeBytes,
  UnitError,
} from '../core/units.ts';

/** A zod field that accepts a unit string and outputs the parsed number, or reports the parser's message. */
function unitField(parse: (s: string) => number, example: string) {
  return z
    .string({ error: (iss) => `expected a string with a unit such as ${example}, got ${describeValue(iss.input)}` })
    .transform((text, ctx) => {
      try {
        return parse(text);
      } catch (error) {
        const message = error instanceof UnitError ? error.message : String(error);
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
}

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** A duration such as `10ms`, in ns; must be ≥ 0. */
export const durationNs = unitField(parseDurationNs, '10ms').refine((ns) => ns >= 0, 'a duration cannot be negative');

/** A duration that must be > 0. */
export const positiveDurationNs = durationNs.refine((ns) => ns > 0, 'expected a duration greater than zero');

/** A bit rate such as `10Gbps`, in bit/s; must be > 0. */
export const rateBps = unitField(parseRateBps, '10Gbps').refine((bps) => bps > 0, 'expected a rate greater than zero');

/** A size such as `1500B`, in bytes; must be > 0. */
export const sizeBytes = unitField(parseSizeBytes, '1500B').refine((b) => b > 0, 'expected a size greater than zero');

/** A size that may be zero (e.g. an empty payload). */
export const sizeBytesOrZero = unitField(parseSizeBytes, '0B').refine((b) => b >= 0, 'a size cannot be negative');

/** An event rate such as `2000/s`, in events per second; must be > 0. */
export const eventRatePerS = unitField(parseEventRatePerS, '2000/s').refine(
  (r) => r > 0,
  'expected an event rate greater than zero',
);

/** A probability: a number in [0, 1] or a percentage string such as `0.1%`. */
export const probability = z
  .union([z.number(), z.string()], { error: 'expected a probability between 0 and 1, or a percentage such as 0.1%' })
  .transform((value, ctx) => {
    try {
      return parseProbability(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A name usable in reports and file names. */
export const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, ".", "_" or "-", starting with a letter or digit');
