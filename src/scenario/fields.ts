import * as z from 'zod';
import {
  DURATION_EXPECTED,
  EVENT_RATE_EXPECTED,
  parseDurationNs,
  parseEventRatePerS,
  parseProbability,
  parseRateBps,
  parseSizeBytes,
  RATE_EXPECTED,
  SIZE_EXPECTED,
  UnitError,
} from '../core/units.ts';

/** A kind of unit string: what it is called, how to parse it, and what its messages expect. */
interface UnitKind {
  /** e.g. `a size`, used in "is a size, not a bit rate". */
  what: string;
  parse: (s: string) => number;
  /** The accepted form, e.g. `a duration with a unit (...), e.g. 10ms`. */
  expected: string;
}

const DURATION: UnitKind = { what: 'a duration', parse: parseDurationNs, expected: DURATION_EXPECTED };
const RATE: UnitKind = { what: 'a bit rate', parse: parseRateBps, expected: RATE_EXPECTED };
const SIZE: UnitKind = { what: 'a size', parse: parseSizeBytes, expected: SIZE_EXPECTED };
const EVENT_RATE: UnitKind = { what: 'an event rate', parse: parseEventRatePerS, expected: EVENT_RATE_EXPECTED };
const UNIT_KINDS = [DURATION, RATE, SIZE, EVENT_RATE];

/**
 * Marks a custom issue whose message already quotes the value, so that source.ts does not
 * append `got ...` a second time.
 */
const SHOWS_VALUE = { showsValue: true } as const;

function parses(kind: UnitKind, text: string): boolean {
  try {
    kind.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A zod field that accepts a unit string and outputs the parsed number, or reports the parser's
 * message. A string of another kind (a size where a rate belongs) is named as such.
 */
function unitField(kind: UnitKind) {
  return z.string({ error: `expected ${kind.expected}` }).transform((text, ctx) => {
    try {
      return kind.parse(text);
    } catch (error) {
      const other = UNIT_KINDS.find((k) => k !== kind && parses(k, text));
      const message = other
        ? `${JSON.stringify(text)} is ${other.what}, not ${kind.what}: expected ${kind.expected}`
        : error instanceof UnitError
          ? error.message
          : String(error);
      ctx.addIssue({ code: 'custom', message, params: SHOWS_VALUE });
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
export const durationNs = unitField(DURATION).refine((ns) => ns >= 0, 'expected a duration of 0s or more');

/** A duration that must be > 0. */
export const positiveDurationNs = durationNs.refine((ns) => ns > 0, 'expected a duration greater than zero');

/**
 * Bounds of a bit rate: below 1 bit/s, one 64 KiB packet takes longer than time can count
 * (2^53 ns); above 1 Pbit/s (1000Tbps) a packet takes less than a nanosecond.
 */
export const MIN_RATE_BPS = 1;
export const MAX_RATE_BPS = 1e15;

/** A bit rate such as `10Gbps`, in bit/s; must be > 0. */
export const rateBps = unitField(RATE)
  .refine((bps) => bps > 0, 'expected a rate greater than zero')
  .refine((bps) => bps <= 0 || (bps >= MIN_RATE_BPS && bps <= MAX_RATE_BPS), 'expected a rate from 1bps to 1000Tbps');

/** A size such as `1500B`, in bytes; must be > 0. */
export const sizeBytes = unitField(SIZE).refine((b) => b > 0, 'expected a size greater than zero');

/** A size that may be zero (e.g. an empty payload). */
export const sizeBytesOrZero = unitField(SIZE).refine((b) => b >= 0, 'expected a size of 0B or more');

/**
 * Bounds of an event rate: at 1/ns events would come faster than time can tell apart, and
 * below one a million seconds the gap between two does not fit in time's 2^53 ns.
 */
export const MIN_EVENT_RATE_PER_S = 1e-6;
export const MAX_EVENT_RATE_PER_S = 1e9;

/** An event rate such as `2000/s`, in events per second; must be > 0. */
export const eventRatePerS = unitField(EVENT_RATE)
  .refine((r) => r > 0, 'expected an event rate greater than zero')
  .refine((r) => r <= 0 || (r >= MIN_EVENT_RATE_PER_S && r <= MAX_EVENT_RATE_PER_S), 'expected an event rate from 0.000001/s to 1/ns');


/** A probability: a number in [0, 1] or a percentage string such as `0.1%`. */
export const probability = z
  .union([z.number(), z.string()], { error: 'expected a probability between 0 and 1, or a percentage such as 0.1%' })
  .transform((value, ctx) => {
    try {
      return parseProbability(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, params: SHOWS_VALUE });
      return z.NEVER;
    }
  });

/** A name usable in reports and file names. */
export const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, ".", "_" or "-", starting with a letter or digit');
