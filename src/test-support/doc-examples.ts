import { readFileSync } from 'node:fs';

/** One command of a ```console block and the lines the docs quote as its output. */
export interface DocCommand {
  /** The text after `$ `. */
  command: string;
  /** Expected output lines; see {@link outputMatches}. */
  expected: string[];
  /** 1-based line of the command in its file. */
  line: number;
}

/** A fenced block the page asks to be saved before its commands run (`<!-- example-file: path -->`). */
export interface DocFile {
  path: string;
  text: string;
}

/** The checked examples of one Markdown page, in page order. */
export interface DocPage {
  file: string;
  files: DocFile[];
  commands: DocCommand[];
  /** Command lines of ```sh blocks: shown, not run. */
  shellLines: string[];
}

const FILE_MARKER = /^<!-- example-file: (\S+) -->$/;

/**
 * Reads the examples of a Markdown page. In a ```console block every line starting with `$ `
 * is a command and the lines up to the next command are its quoted output. A fenced block
 * right after `<!-- example-file: path -->` is written to `path` before the commands run.
 */
export function readDocPage(file: string): DocPage {
  const lines = readFileSync(file, 'utf8').split('\n');
  const page: DocPage = { file, files: [], commands: [], shellLines: [] };
  let pendingFile: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const marker = FILE_MARKER.exec(line);
    if (marker) {
      pendingFile = marker[1];
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const body = lines.slice(start, end);
    if (pendingFile !== undefined) page.files.push({ path: pendingFile, text: `${body.join('\n')}\n` });
    pendingFile = undefined;
    if (fence[1] === 'console') {
      // Output before the block's first command belongs to no command: such a block is shown, not run.
      let current: DocCommand | undefined;
      body.forEach((text, j) => {
        if (text.startsWith('$ ')) page.commands.push((current = { command: text.slice(2), expected: [], line: start + j + 1 }));
        else current?.expected.push(text);
      });
    } else if (fence[1] === 'sh') {
      page.shellLines.push(...body.filter((text) => !text.trimStart().startsWith('#')));
    }
    i = end;
  }
  return page;
}

/**
 * Whether `actual` output lines match the quoted ones: a quoted line `...` (indented or not) stands for any
 * number of lines (none included), and `⋯` inside a quoted line for any text on that line
 * (wall times, machine-dependent figures). Every other character must match exactly.
 */
export function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  const match = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e]?.trim() === '...') {
      for (let skip = a; skip <= actual.length; skip++) if (match(e + 1, skip)) return true;
      return false;
    }
    return a < actual.length && lineMatches(expected[e] as string, actual[a] as string) && match(e + 1, a + 1);
  };
  return match(0, 0);
}

function lineMatches(expected: string, actual: string): boolean {
  if (!expected.includes('⋯')) return expected === actual;
  const pattern = expected.split('⋯').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`, 'u').test(actual);
}
