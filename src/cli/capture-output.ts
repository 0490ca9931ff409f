/** What a command wrote to stdout and stderr, and its return value. For tests. */
export interface Captured<T> {
  result: T;
  stdout: string;
  stderr: string;
}

/** Runs `fn` with process.stdout and process.stderr captured instead of printed. For tests. */
export function captureOutput<T>(fn: () => T): Captured<T> {
  const capture = redirectOutput();
  try {
    const result = fn();
    return { result, ...capture.chunks };
  } finally {
    capture.restore();
  }
}

/** Replaces process.stdout.write and process.stderr.write with collectors until `restore`. */
function redirectOutput(): { chunks: { stdout: string; stderr: string }; restore: () => void } {
  const chunks = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = ((chunk: string | Uint8Array) => {
      chunks[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as typeof process.stdout.write;
  }
  const restore = (): void => {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  };
  return { chunks, restore };
}

/**
 * The lines of an aligned text table as `label | value`: runs of two or more spaces inside a
 * line become ` | `, so tests can match a row without depending on the column width.
 */
export function tableRows(text: string): string[] {
  return text.split('\n').map((line) => line.trim().replace(/ {2,}/g, ' | '));
}

/** As {@link captureOutput}, for a command that returns a promise. For tests. */
export async function captureOutputAsync<T>(fn: () => Promise<T>): Promise<Captured<T>> {
  const capture = redirectOutput();
  try {
    const result = await fn();
    return { result, ...capture.chunks };
  } finally {
    capture.restore();
  }
}
