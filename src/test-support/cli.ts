import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a CLI child process did. For tests. */
export interface CliOutcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment of every child: no colour codes in stderr, whatever the terminal or CI says. */
export const CLI_ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

/** Runs `node bin/overlaysim.js ...args` (cwd: the repository root) and waits for it. */
export function cli(...args: string[]): CliOutcome {
  const r = spawnSync(process.execPath, ['bin/overlaysim.js', ...args], { encoding: 'utf8', env: CLI_ENV, timeout: 120_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** As {@link cli}, without blocking, so several children can run at once. */
export function cliAsync(...args: string[]): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/overlaysim.js', ...args], { env: CLI_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every file below `dir` (recursively) with its text, by relative path; {} when `dir` is missing. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(join(dir, rel), 'utf8');
    }
  };
  walk('');
  return out;
}
