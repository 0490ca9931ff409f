import { spawnSync } from 'node:child_process';

/**
 * What a terminal shows after receiving `raw`: carriage returns move to the start of the line,
 * `ESC[K` clears to its end, line feeds start a new line, other escape sequences are ignored.
 * Enough to replay a progress bar and see which lines survive.
 */
export function screenLines(raw: string): string[] {
  const lines: string[][] = [[]];
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const line = lines[lines.length - 1] as string[];
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      lines.push([]);
      col = 0;
    } else if (ch === '\x1b') {
      const m = /^\x1b\[[0-9;?]*([A-Za-z])/.exec(raw.slice(i));
      if (!m) continue;
      if (m[1] === 'K') line.length = Math.min(line.length, col);
      i += m[0].length - 1;
    } else {
      line[col++] = ch;
    }
  }
  return lines.map((l) => Array.from(l, (c) => c ?? ' ').join('')).filter((l, i, all) => l !== '' || i < all.length - 1);
}

/**
 * Runs a shell command inside a pseudo-terminal of 120 columns with util-linux `script`, and
 * returns everything the terminal received.
 */
export function runInTerminal(command: string, cwd: string): { raw: string; status: number | null } {
  const result = spawnSync('script', ['-qec', `stty cols 120 rows 40; ${command}`, '/dev/null'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { raw: result.stdout, status: result.status };
}

/** Whether util-linux `script` is installed. */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}
