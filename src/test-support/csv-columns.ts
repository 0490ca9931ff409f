
/** The type every non-empty cell of a column has. */
export type ColumnType = 'number' | 'boolean' | 'text';

/** Cells that stand for "no value" in some other tool's way and must be written as empty cells instead. */
const SENTINELS = new Set(['-1', 'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'yes', 'no', 'n/a']);
/** Columns in these units cannot be negative. */
const UNSIGNED = /(Ns|Bytes|Bps|Packets|PerS|Ratio|Share|Segments|Utilisation|utilisation|count|Count)$/;

function typeOf(cell: string): ColumnType {
  if (cell === 'true' || cell === 'false') return 'boolean';
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell)) return 'number';
  return 'text';
}

/**
 * Problems with a tidy CSV: a header that repeats a name, a row of the wrong length, a column
 * mixing types (numbers, true/false, text; empty cells are allowed anywhere), a sentinel
 * where a cell should be empty, a negative value in a column whose unit cannot be negative.
 */
export function csvProblems(name: string, text: string): string[] {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  if (!header) return [`${name}: empty file`];
  const problems: string[] = [];
  if (new Set(header).size !== header.length) problems.push(`${name}: repeated column names`);
  body.forEach((row, i) => {
    if (row.length !== header.length) problems.push(`${name} row ${i + 2}: ${row.length} cells for ${header.length} columns`);
  });
  header.forEach((column, c) => {
    const cells = body.map((row) => row[c] ?? '').filter((cell) => cell !== '');
    const types = new Set(cells.map(typeOf));
    if (types.size > 1) problems.push(`${name} ${column}: mixes ${[...types].join(' and ')} (${cells.slice(0, 4).join(', ')}…)`);
    const sentinel = cells.find((cell) => SENTINELS.has(cell));
    if (sentinel !== undefined) problems.push(`${name} ${column}: holds ${sentinel}`);
    if (UNSIGNED.test(column) && types.has('number') && cells.some((cell) => Number(cell) < 0)) problems.push(`${name} ${column}: negative values`);
  });
  return problems;
}

/** The type of each column, for tests that pin one. */
export function columnTypes(text: string): Record<string, ColumnType | 'empty'> {
  const [header = [], ...body] = parseCsv(text);
  return Object.fromEntries(
    header.map((column, c) => {
      const cells = body.map((row) => row[c] ?? '').filter((cell) => cell !== '');
      return [column, cells.length === 0 ? 'empty' : typeOf(cells[0] as string)];
    }),
  );
}

/** Parses CSV as csv-stringify writes it (RFC 4180: quoted cells, doubled quotes, \n rows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
