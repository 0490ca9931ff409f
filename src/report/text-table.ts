/**
 * The lines of an aligned plain-text table, each indented two spaces: the first `leftColumns`
 * columns padded to the left, the others (numbers) to the right, two spaces between columns.
 */
export function textTableLines(header: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
