/** One point of a sweep: a value for each swept field path. */
export interface SweepPoint {
  /** Position in the grid, from 0; stable for a given scenario. */
  index: number;
  /** Field path → value, in the order the scenario lists the swept fields. */
  values: { path: string; value: unknown; valueIndex: number }[];
}

/**
 * The cartesian product of swept values, the last field varying fastest:
 * `{ a: [1, 2], b: [x, y] }` gives (1, x), (1, y), (2, x), (2, y).
 */
export function expandGrid(sweep: Record<string, readonly unknown[]>): SweepPoint[] {
  const fields = Object.entries(sweep);
  let combos: { path: string; value: unknown; valueIndex: number }[][] = [[]];
  for (const [path, values] of fields) {
    combos = combos.flatMap((combo) => values.map((value, valueIndex) => [...combo, { path, value, valueIndex }]));
  }
  return combos.map((values, index) => ({ index, values }));
}
