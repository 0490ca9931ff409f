import type { SweepPoint } from '../scenario/sweep-grid.ts';
import { parseDurationNs, parseEventRatePerS, parseProbability, parseRateBps, parseSizeBytes } from '../core/units.ts';

/** How one swept field's values are written: as numbers in a base unit, or as they were given. */
export interface SweptColumn {
  path: string;
  /** Column name: the path, with the base unit appended when the values carry one (`...packetRatePerS`). */
  name: string;
  /** Whether every value is a number (after unit parsing), so charts can use a numeric axis. */
  numeric: boolean;
  /** The cell of a value: a number in the base unit, `true`/`false`, text, or '' for null. */
  cell(value: unknown): number | string;
}

/** Units a swept string may carry, tried in order; each suffix names the base unit. */
const UNITS: { suffix: string; parse: (text: string) => number }[] = [
  { suffix: 'PerS', parse: parseEventRatePerS },
  { suffix: 'Bps', parse: parseRateBps },
  { suffix: 'Bytes', parse: parseSizeBytes },
  { suffix: 'Ns', parse: parseDurationNs },
  { suffix: 'Ratio', parse: parseProbability },
];

function parses(parse: (text: string) => number, text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A value as given: numbers stay numbers, booleans are `true`/`false`, null is empty, lists and maps are JSON. */
function asGiven(value: unknown): number | string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The column of a swept field from all its values: strings that share one unit become numbers
 * in its base unit (`40000/s` → 40000 in `...PerS`, `10ms` → 10000000 in `...Ns`); numbers
 * stay numbers; booleans are `true`/`false`; anything else (profile names, mixed forms) is text.
 */
export function sweptColumn(path: string, values: readonly unknown[]): SweptColumn {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) return { path, name: path, numeric: true, cell: asGiven };
  if (present.length > 0 && present.every((v) => typeof v === 'string')) {
    const unit = UNITS.find((u) => present.every((v) => parses(u.parse, v as string)));
    if (unit) {
      return { path, name: `${path}${unit.suffix}`, numeric: true, cell: (v) => (typeof v === 'string' ? unit.parse(v) : '') };
    }
  }
  return { path, name: path, numeric: false, cell: asGiven };
}

/** The columns of every swept field, from the values of the whole grid (so every shard agrees). */
export function sweptColumns(points: readonly SweepPoint[]): SweptColumn[] {
  const paths = points[0]?.values.map((v) => v.path) ?? [];
  return paths.map((path) => sweptColumn(path, points.map((p) => p.values.find((v) => v.path === path)?.value)));
}
