import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { type DocPage, outputMatches, readDocPage } from '../test-support/doc-examples.ts';

// Every ```console example in the README and docs/ is run, and its output must match the lines
// the page quotes (`...` for skipped lines, `⋯` for text that differs between machines), so a
// quoted output cannot drift from what overlaysim prints. docs/development.md describes the markers.

const REPO = resolve('.');
const PAGES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].map(readDocPage);
const scratch = mkdtempSync(join(tmpdir(), 'overlaysim-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder that looks like the repository to the examples: its scenarios (a copy), sources and schema, and `overlaysim` on PATH. */
function scratchRepo(page: DocPage): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = join(scratch, page.file.replace(/\W/g, '-'));
  mkdirSync(join(cwd, '.bin'), { recursive: true });
  cpSync(join(REPO, 'scenarios'), join(cwd, 'scenarios'), { recursive: true });
  for (const linked of ['src', 'schema', 'bench', 'node_modules']) symlinkSync(join(REPO, linked), join(cwd, linked));
  writeFileSync(join(cwd, '.bin/overlaysim'), `#!/bin/sh\nexec node ${JSON.stringify(join(REPO, 'bin/overlaysim.js'))} "$@"\n`);
  chmodSync(join(cwd, '.bin/overlaysim'), 0o755);
  for (const file of page.files) {
    mkdirSync(dirname(join(cwd, file.path)), { recursive: true });
    writeFileSync(join(cwd, file.path), file.text);
  }
  return { cwd, env: { ...process.env, NO_COLOR: '1', PATH: `${join(cwd, '.bin')}:${process.env.PATH ?? ''}` } };
}

/** Progress lines appear only when a command runs longer than 10 s, so they depend on the machine's load. */
const PROGRESS_LINE = /^(simulating|sweeping): \d+% done/;

/**
 * Runs one example line, stdout and stderr merged as a terminal shows them. A plain
 * `overlaysim ...` line runs in this process (a new Node process per example would take most
 * of the test's time); anything else (pipes, other tools) runs with bash.
 */
async function runLine(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const words = /^overlaysim [^|;&<>`$]*$/.test(command) ? shellWords(command) : undefined;
  const out = words ? await runInProcess(words.slice(1), cwd) : await runWithBash(command, cwd, env);
  const lines = out.replace(/\n$/, '').split('\n').filter((line) => !PROGRESS_LINE.test(line));
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

function runWithBash(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', `{ ${command}\n} 2>&1`], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', () => done(out));
  });
}

/** Runs `overlaysim <args>` through {@link main} in `cwd`, with stdout and stderr captured into one text. */
async function runInProcess(args: string[], cwd: string): Promise<string> {
  let out = '';
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  const before = process.cwd();
  process.chdir(cwd);
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await main(['node', 'overlaysim', ...args]);
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.chdir(before);
  }
  return out;
}

/** Splits a command line into words as a shell would, for the quoting the docs use ('...' and "..."). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** `overlaysim <command> --help`, run in this process (a child process per command would be slow). */
async function helpOf(command: string): Promise<{ code: number; text: string }> {
  let text = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(['node', 'overlaysim', command, '--help']), text };
  } finally {
    process.stdout.write = write;
  }
}

const CHECKED = PAGES.filter((p) => p.commands.length > 0);

describe('documented examples', () => {
  it('are found: the pages quote commands with output', () => {
    expect(CHECKED.map((p) => p.file)).toEqual(expect.arrayContaining(['docs/getting-started.md', 'docs/commands.md']));
  });

  // One page after another: the in-process commands change the working directory.
  describe.each(CHECKED.map((p) => [p.file, p] as const))('%s', (_file, page) => {
    it('prints what the page quotes', async () => {
      const { cwd, env } = scratchRepo(page);
      for (const example of page.commands) {
        const actual = await runLine(example.command, cwd, env);
        if (!outputMatches(example.expected, actual)) {
          // Shows a diff; the quoted lines' markers explain any line that looks equal.
          expect(actual.join('\n'), `${page.file}:${example.line}: $ ${example.command}`).toBe(example.expected.join('\n'));
        }
      }
    });
  });

  it.each(PAGES.filter((p) => p.shellLines.some((l) => /\boverlaysim \w/.test(l))).map((p) => [p.file, p] as const))(
    '%s: shell examples use only commands and options overlaysim has',
    async (_file, page) => {
      const text = page.shellLines.join('\n').replace(/\\\n/g, ' ');
      for (const m of text.matchAll(/\boverlaysim(?:\.js)? (\w+)([^\n]*)/g)) {
        const command = m[1] as string;
        const help = await helpOf(command);
        expect(help.code, `${page.file}: overlaysim ${command}`).toBe(0);
        for (const o of (m[2] ?? '').matchAll(/\s(--[a-z-]+)/g)) expect(help.text, `${page.file}: overlaysim ${command} ${o[1]}`).toContain(o[1]);
      }
    },
  );
});
