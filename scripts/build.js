#!/usr/bin/env node
/**
 * Compiles src/ to dist/ (JavaScript and declarations) with tsc and tsconfig.build.json, then
 * bundles the command line from that output with esbuild into dist/bundle/ (see bundle.js). The
 * library entry (dist/index.js) stays tsc's output; bin/overlaysim.js runs the bundle.
 *
 *   node scripts/build.js           incremental: does nothing when no source changed since the last build
 *   node scripts/build.js --clean   empties dist/ first (npm's `prepare`: npm ci and npm pack build from scratch)
 *
 * Exits with tsc's status, so type errors fail the build (tsc still writes the JavaScript, and
 * the bundle is made from it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleCli } from './bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** tsc's record of the last build; its time stamp is set to when the build started. */
const BUILD_INFO = join(DIST, '.tsbuildinfo');
/** Files outside src/ whose change changes the output. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.js', 'scripts/bundle.js', 'scripts/train-code-cache.js'];

/** Test files and their data, which tsconfig.build.json leaves out: editing them needs no build. */
const NOT_BUILT = /\.test\.ts$|^fixtures$|^test-support$/;

/** The newest modification time (ms) of `path` and, for a folder, of what it builds from under it. */
function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a folder's time moves when a file in it is added, removed or renamed
  for (const name of readdirSync(path)) if (!NOT_BUILT.test(name)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  return newest;
}

/** True when dist/ was built after the last change to the sources and the compiler settings. */
export function distIsFresh() {
  let builtMs;
  try {
    builtMs = statSync(BUILD_INFO).mtimeMs;
  } catch {
    return false;
  }
  const sourcesMs = Math.max(newestMtimeMs(join(ROOT, 'src')), ...CONFIG_FILES.map((f) => newestMtimeMs(join(ROOT, f))));
  return sourcesMs < builtMs;
}

/**
 * Writes dist/code-sha256.txt, the hash of the compiled code that runs record as `modelSha256`
 * (src/cli/provenance.ts), so a run does not hash a few hundred files. Computed by the compiled
 * provenance module itself, in a Node process of its own (this function is synchronous).
 */
function recordCodeHash() {
  const provenance = pathToFileURL(join(DIST, 'cli', 'provenance.js')).href;
  const script = `const p = await import(${JSON.stringify(provenance)}); process.stdout.write(p.CODE_HASH_FILE + ' ' + p.hashCodeFolder(${JSON.stringify(DIST)}));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const [file, hash] = r.stdout.split(' ');
  if (r.status !== 0 || file === undefined || hash === undefined) throw new Error(`hashing dist/ failed: ${r.stderr}`);
  writeFileSync(join(DIST, file), `${hash}\n`);
}

/**
 * Builds dist/ unless it is fresh (or always with `clean`). Returns tsc's exit status (0 when
 * nothing had to be done; 1 when bundling failed) and what it printed (its type errors).
 */
export function buildDist({ clean = false } = {}) {
  if (clean) rmSync(DIST, { recursive: true, force: true });
  else if (distIsFresh()) return { status: 0, output: '' };
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = new Date();
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  try {
    recordCodeHash();
    bundleCli(ROOT);
  } catch (err) {
    rmSync(BUILD_INFO, { force: true }); // not fresh: the next build tries again
    return { status: 1, output: `${output}bundling dist/bundle/ failed: ${err instanceof Error ? err.message : String(err)}\n` };
  }
  // tsc leaves its record alone when no file's content changed; stamp it with the start, so a
  // source saved during the build still counts as newer than the build.
  if (existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, started, started);
  return { status: r.status ?? 1, output };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { status, output } = buildDist({ clean: process.argv.includes('--clean') });
  process.stdout.write(output);
  process.exitCode = status;
}
