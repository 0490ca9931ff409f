/**
 * Parsing of the unit strings a scenario uses: durations, bit rates, sizes and event rates.
 * Every parser returns an exact integer in the base unit (ns, bit/s, bytes) where the value
 * allows it, and throws a {@link UnitError} that names the bad string and what was expected.
 */

/** Raised when a unit string cannot be parsed; `expected` describes the accepted form. */
export class UnitError extends Error {
  constructor(
    /** The string that failed to parse. */
    readonly input: string,
    /** A human description of the accepted form, e.g. `a duration such as 10ms`. */
    readonly expected: string,
  ) {
    super(`cannot read ${JSON.stringify(input)}: expected ${expected}`);
    this.name = 'UnitError';
  }
}

const NUMBER_WITH_UNIT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([A-Za-zµμ/%]*(?:\/s)?)\s*$/;

function split(input: string): { value: number; unit: string } | undefined {
  const m = NUMBER_WITH_UNIT.exec(input);
  if (!m) return undefined;
  return { value: Number(m[1]), unit: m[2] ?? '' };
}

/** Nanoseconds per duration unit. */
const DURATION_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // micro sign U+00B5
  'μs': 1e3, // Greek small mu U+03BC, which looks the same
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  min: 60e9,
  h: 3600e9,
};

export const DURATION_EXPECTED = 'a duration with a unit (ns, us, µs, ms, s, m), e.g. 10ms';

/** Parses a duration such as `10ms`, `5us`, `1.5s` to integer nanoseconds (rounded to nearest). */
export function parseDurationNs(input: string): number {
  const p = split(input);
  const scale = p && DURATION_NS[p.unit];
  if (!p || scale === undefined || !Number.isFinite(p.value)) {
    throw new UnitError(input, DURATION_EXPECTED);
  }
  const ns = Math.round(p.value * scale);
  if (!Number.isSafeInteger(ns)) throw new UnitError(input, `${DURATION_EXPECTED} below 104 days`);
  return ns;
}

/** Bits per second per rate unit; both `Mbps` and `Mbit/s` spellings are accepted. */
const RATE_BPS: Record<string, number> = {
  bps: 1,
  'bit/s': 1,
  Kbps: 1e3,
  kbps: 1e3,
  'Kbit/s': 1e3,
  'kbit/s': 1e3,
  Mbps: 1e6,
  'Mbit/s': 1e6,
  Gbps: 1e9,
  'Gbit/s': 1e9,
  Tbps: 1e12,
  'Tbit/s': 1e12,
};

export const RATE_EXPECTED = 'a bit rate with a unit (bps, Kbps, Mbps, Gbps, or Mbit/s...), e.g. 10Gbps';

/** Parses a bit rate such as `10Gbps` or `500 Mbit/s` to bit/s. */
export function parseRateBps(input: string): number {
  const p = split(input);
  const scale = p && RATE_BPS[p.unit];
  if (!p || scale === undefined || !Number.isFinite(p.value)) {
    throw new UnitError(input, RATE_EXPECTED);
  }
  const bps = p.value * scale;
  if (!Number.isFinite(bps)) throw new UnitError(input, 'a bit rate of at most 1000Tbps, e.g. 10Gbps');
  return bps;
}

/** Bytes per size unit: decimal (KB = 1000) and binary (KiB = 1024). */
const SIZE_BYTES: Record<string, number> = {
  B: 1,
  KB: 1e3,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

export const SIZE_EXPECTED = 'a size in bytes with a unit (B, KB, KiB, MB, MiB, GB, GiB), e.g. 1500B';

/** Parses a size such as `1500B`, `64KiB` or `1MB` to a whole number of bytes. */
export function parseSizeBytes(input: string): number {
  const p = split(input);
  const scale = p && SIZE_BYTES[p.unit];
  if (!p || scale === undefined || !Number.isFinite(p.value)) {
    throw new UnitError(input, SIZE_EXPECTED);
  }
  const bytes = p.value * scale;
  if (!Number.isFinite(bytes) || bytes > Number.MAX_SAFE_INTEGER) throw new UnitError(input, 'a size below 8 PiB, e.g. 1500B');
  if (!Number.isInteger(bytes)) throw new UnitError(input, `${SIZE_EXPECTED} (a whole number of bytes)`);
  return bytes;
}

export const EVENT_RATE_EXPECTED = 'an event rate such as 2000/s, 50/ms or 3/us';

/** Parses an event rate such as `2000/s` to events per second. */
export function parseEventRatePerS(input: string): number {
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*\/\s*(ns|us|µs|μs|ms|s|m|min|h)\s*$/.exec(input);
  const per = m ? DURATION_NS[m[2] ?? ''] : undefined;
  if (!m || per === undefined) throw new UnitError(input, EVENT_RATE_EXPECTED);
  return (Number(m[1]) * 1e9) / per;
}

export const PROBABILITY_EXPECTED = 'a probability between 0 and 1, or a percentage such as 0.1%';

/** Parses a probability given as a number in [0, 1] or a percentage string such as `0.1%`. */
export function parseProbability(input: string | number): number {
  let p: number;
  if (typeof input === 'number') p = input;
  else {
    const m = /^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*%\s*$/.exec(input);
    p = m ? Number(m[1]) / 100 : Number.NaN;
  }
  if (!(p >= 0 && p <= 1)) throw new UnitError(String(input), PROBABILITY_EXPECTED);
  return p;
}

/** Formats nanoseconds for humans, choosing ns, µs, ms or s. */
export function formatDurationNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${Number.isInteger(ns) ? ns : ns.toFixed(1)} ns`;
  if (abs < 1e6) return `${(ns / 1e3).toFixed(3)} µs`;
  if (abs < 1e9) return `${(ns / 1e6).toFixed(3)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

/** Formats a bit rate for humans. */
export function formatRateBps(bps: number): string {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(3)} Gbit/s`;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(3)} Mbit/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(3)} Kbit/s`;
  return `${bps.toFixed(0)} bit/s`;
}
