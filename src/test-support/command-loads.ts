import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeCacheUse } from '../cli/bundle-loader.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bundle's folder as a file URL. */
export const BUNDLE_URL = pathToFileURL(join(ROOT, 'dist', 'bundle')).href;

/** What one command loaded, as users run it (bin/overlaysim.js on the built bundle). */
export interface CommandLoads {
  /** Exit status of the command. */
  status: number | null;
  /** What it wrote to stderr, the load log left out. */
  stderr: string;
  /** ES modules Node loaded, as file URLs (bin/overlaysim.js, the bundle's loader...). */
  modules: string[];
  /** Chunks of the bundle the loader ran, as file URLs, and whether V8 used each one's code cache. */
  chunks: { url: string; cache: CodeCacheUse }[];
}

/**
 * Runs `node bin/overlaysim.js ...args` with the preload that logs what it loads
 * (log-module-loads.js), without NODE_OPTIONS: V8 flags there would make V8 refuse the code
 * cache, which the build made without them.
 */
export function commandLoads(args: string[]): CommandLoads {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['--import', './src/test-support/log-module-loads.js', 'bin/overlaysim.js', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  const modules = lines.filter((l) => l.startsWith('loaded ')).map((l) => l.slice('loaded '.length));
  const chunks = lines
    .filter((l) => l.startsWith('chunk '))
    .map((l) => {
      const [, url = '', cache = ''] = l.split(' ');
      return { url, cache: cache as CodeCacheUse };
    });
  const stderr = lines.filter((l) => !l.startsWith('loaded ') && !l.startsWith('chunk ')).join('\n');
  return { status: r.status, stderr, modules, chunks };
}

/** For each output file of the bundle (as a file URL), the files it was made from (as file URLs), from esbuild's metafile. */
export function chunkInputs(): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', '.bundle-meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const toUrl = (path: string) => pathToFileURL(join(ROOT, path)).href;
  return new Map(Object.entries(meta.outputs).map(([output, { inputs }]) => [toUrl(output), Object.keys(inputs).map(toUrl)]));
}
