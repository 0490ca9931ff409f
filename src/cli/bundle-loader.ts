import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the command line's bundle (dist/bundle/, written by scripts/bundle.js) with V8's code
 * cache, which Node 20 does not offer for modules (its compile cache, `module.enableCompileCache`,
 * came in Node 22.1). Each chunk of the bundle is a CommonJS module (`*.cjs`, written already
 * wrapped in the function Node puts around one: the file's text is a function expression taking
 * `exports, require, module, __filename, __dirname`) with, beside it, the
 * code V8 compiled for it in a warm run at build time (`*.cjs.v8cache`). Loading a chunk hands that
 * code to `vm.Script` as `cachedData`, so V8 deserialises the chunk's bytecode instead of parsing
 * and compiling it, both at start-up and for every function the warm run called.
 *
 * V8 refuses a cache that another V8 version or other V8 flags made, or whose source differs
 * (it compares the length); it then compiles the source as if there were no cache, so a foreign
 * or corrupt cache file costs time, never correctness. A missing cache file is the same.
 *
 * The chunks are plain ASCII (the build escapes what is not, see scripts/bundle.js), so they are
 * read as Latin-1, which turns bytes into a string without decoding UTF-8.
 */

/** The file beside each chunk that holds its V8 code cache. */
export const CODE_CACHE_SUFFIX = '.v8cache';

/** Whether V8 used a chunk's code cache: taken, refused (then the chunk was compiled), or no file. */
export type CodeCacheUse = 'accepted' | 'rejected' | 'absent';

/** A CommonJS module object as the chunk sees it. */
interface ChunkModule {
  exports: Record<string, unknown>;
}

interface LoadedChunk {
  module: ChunkModule;
  script: Script;
  cache: CodeCacheUse;
}

/** Chunks loaded in this process, by absolute path, in the order they started loading. */
const loaded = new Map<string, LoadedChunk>();

/** Node's require for one folder of chunks: built-in modules and packages the bundle leaves out. */
const nodeRequires = new Map<string, NodeJS.Require>();

/** The chunk's function, compiled from its text as read (no copy with a wrapper around it: 1.3 MB of fresh memory is not free). */
function compile(file: string, cachedData: Buffer | undefined): Script {
  return new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
  } catch {
    return undefined;
  }
}

/**
 * Runs the chunk at the absolute path `file` once per process and returns its exports. A chunk
 * requires its sibling chunks (`./chunk-….cjs`) through this loader, and anything else through
 * Node's require.
 */
export function loadChunk(file: string): Record<string, unknown> {
  const known = loaded.get(file);
  if (known !== undefined) return known.module.exports; // as Node's require: a cycle sees the exports so far
  const cachedData = readCache(file);
  const script = compile(file, cachedData);
  const cache: CodeCacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module: ChunkModule = { exports: {} };
  loaded.set(file, { module, script, cache });
  const dir = dirname(file);
  let nodeRequire = nodeRequires.get(dir);
  if (nodeRequire === undefined) nodeRequires.set(dir, (nodeRequire = createRequire(file)));
  const outside = nodeRequire;
  const require = (specifier: string): unknown => (specifier.startsWith('./') && specifier.endsWith('.cjs') ? loadChunk(join(dir, specifier)) : outside(specifier));
  const run = script.runInThisContext() as (exports: unknown, require: unknown, module: ChunkModule, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, require, module, file, dir);
  return module.exports;
}

/** The chunks loaded so far in this process, in order, and whether each one's code cache was used. */
export function loadedChunks(): { file: string; cache: CodeCacheUse }[] {
  return [...loaded].map(([file, { cache }]) => ({ file, cache }));
}

/**
 * The code cache of the chunk at `file`: if it was loaded, V8's code for it including every
 * function that ran so far (the build calls this after a warm run); if not, its top level only.
 */
export function codeCacheOf(file: string): Buffer {
  return (loaded.get(file)?.script ?? compile(file, undefined)).createCachedData();
}
