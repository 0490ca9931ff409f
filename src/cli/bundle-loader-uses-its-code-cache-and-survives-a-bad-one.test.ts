import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandLoads } from '../test-support/command-loads.ts';
import { CODE_CACHE_SUFFIX, codeCacheOf, loadChunk, loadedChunks } from './bundle-loader.ts';

/**
 * The command line's chunks load with the V8 code cache the build made (scripts/bundle.js), and
 * a cache V8 refuses costs time only: the chunk is compiled from its source and runs the same.
 */
const scratch = mkdtempSync(join(tmpdir(), 'overlaysim-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bundle loader', () => {
  it('uses the code cache of every chunk the command line loads, on the Node that built it', () => {
    for (const args of [['--version'], ['validate', 'scenarios/quickstart.yaml']]) {
      const loads = commandLoads(args);
      expect(loads.status, loads.stderr).toBe(0);
      expect(loads.chunks.length).toBeGreaterThan(args.length); // main.cjs and what it requires
      for (const chunk of loads.chunks) expect(chunk.cache, chunk.url).toBe('accepted');
    }
  });

  it('runs chunks whose cache is garbage, made for another source, or missing, and says V8 refused or lacked it', () => {
    const dir = join(scratch, 'tiny');
    mkdirSync(dir);
    // Chunks as the build writes them: CommonJS code wrapped in the function Node puts around it.
    const chunk = (name: string, source: string) => {
      writeFileSync(join(dir, name), `(function (exports, require, module, __filename, __dirname) {${source}\n})`);
      return join(dir, name);
    };
    const a = chunk('a.cjs', "const b = require('./b.cjs'); exports.sum = b.twice(20) + require('node:path').basename('x/2').length + 1;\n");
    const b = chunk('b.cjs', 'exports.twice = (x) => x * 2;\n');
    const c = chunk('c.cjs', 'exports.other = function other() { return "a longer source than b.cjs has"; };\n');
    const d = chunk('d.cjs', 'exports.three = 3;\n');
    writeFileSync(`${a}${CODE_CACHE_SUFFIX}`, Buffer.alloc(4096, 0x5a)); // garbage
    writeFileSync(`${b}${CODE_CACHE_SUFFIX}`, codeCacheOf(c)); // V8's own format, but of another source
    expect(loadChunk(a).sum).toBe(40 + 1 + 1);
    expect(loadChunk(d).three).toBe(3);
    const uses = new Map(loadedChunks().map(({ file, cache }) => [file, cache]));
    expect([uses.get(a), uses.get(b), uses.get(d)]).toEqual(['rejected', 'rejected', 'absent']);
  });

  it('lets the command line give the same answers with every cache file spoilt', () => {
    // A copy of the built command line: package.json (its version), the command, the loader and the bundle.
    const pkg = join(scratch, 'pkg');
    for (const path of ['package.json', 'bin/overlaysim.js', 'dist/cli/bundle-loader.js', 'dist/bundle']) cpSync(path, join(pkg, path), { recursive: true });
    const caches = readdirSync(join(pkg, 'dist', 'bundle')).filter((f) => f.endsWith(CODE_CACHE_SUFFIX));
    expect(caches).toContain(`main.cjs${CODE_CACHE_SUFFIX}`);
    for (const [i, name] of caches.entries()) {
      const file = join(pkg, 'dist', 'bundle', name);
      if (i % 2 === 0) writeFileSync(file, Buffer.alloc(1000, i));
      else writeFileSync(file, ''); // an empty file, as a full disk might leave
    }
    // Logs the copy's own loader (not the one in dist/ that the test-support preload imports).
    writeFileSync(join(pkg, 'log-chunks.js'), "import { loadedChunks } from './dist/cli/bundle-loader.js';\nprocess.on('exit', () => { for (const c of loadedChunks()) process.stderr.write(`chunk ${c.cache}\\n`); });\n");
    const scenario = resolve('scenarios/quickstart.yaml');
    for (const args of [['--version'], ['validate', scenario]]) {
      const spoilt = spawnSync(process.execPath, ['--import', './log-chunks.js', 'bin/overlaysim.js', ...args], { cwd: pkg, encoding: 'utf8' });
      const built = spawnSync(process.execPath, ['bin/overlaysim.js', ...args], { encoding: 'utf8' });
      expect(spoilt.status, spoilt.stderr).toBe(0);
      expect(spoilt.stdout).toBe(built.stdout);
      const uses = spoilt.stderr.split('\n').filter((l) => l.startsWith('chunk '));
      expect(uses.length).toBeGreaterThan(0);
      expect(new Set(uses)).toEqual(new Set(['chunk rejected']));
    }
  });
});
