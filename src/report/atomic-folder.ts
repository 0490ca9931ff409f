import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { UsageError } from '../scenario/usage-error.ts';

/** Files one of which marks a folder that overlaysim wrote (a run, variants, replications or a sweep). */
const RESULT_MARKERS = ['run.json', 'summary.md', 'sweep.json', 'index.csv'];

/**
 * Results replace their folder whole, so writing into a folder that holds anything else (say
 * `--out .`) would delete it: refuse unless the folder is missing, empty, a result folder, or
 * holds only sweep folders (which are carried over).
 * An empty `--out` is refused too. Commands call it before running, so a long run is not
 * wasted on a bad --out.
 */
export function refuseForeignFolder(outDir: string): void {
  if (outDir.trim() === '') throw new UsageError('--out: expected a folder, got an empty string');
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UsageError(`--out ${outDir} is a file; results need a folder`);
    throw error;
  }
  if (entries.some((e) => RESULT_MARKERS.includes(e)) || entries.every((e) => existsSync(join(outDir, e, 'sweep.json')))) return;
  throw new UsageError(`refusing to replace ${outDir}: it holds files that are not overlaysim results (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose an empty or new --out folder`);
}

/** Raised when a write is abandoned through its `shouldStop`; the earlier results are left as they were. */
export class WriteInterrupted extends Error {
  override name = 'WriteInterrupted';
}

/** How often a long write yields to the event loop, so a Ctrl-C is noticed, ms. */
const YIELD_EVERY_MS = 50;

/** A file's content: text, or bytes written as they are, or pieces of bytes written one after another (the chart runtime, copied from its packages). */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

/** Writes `content` to the file `path`; pieces of bytes are written one after another. */
function writeFile(path: string, content: FileContent): void {
  if (!Array.isArray(content)) {
    writeFileSync(path, content as string | Uint8Array);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    for (const piece of content as readonly Uint8Array[]) writeFileSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes files into `outDir` atomically: everything goes to a temporary sibling folder
 * (`.<name>.tmp-<pid>`) that replaces `outDir` by rename only once complete, so a failed or
 * interrupted write leaves the previous results as they were. A sweep's folder inside `outDir`
 * (results of another command, such as `results/<name>/sweep/` below a run's folder) is carried
 * over, not deleted. Temporary folders left by processes that died are cleaned first. The
 * write yields now and then; once `shouldStop` returns true it stops before replacing anything.
 */
export async function writeAtomically(outDir: string, files: ReadonlyMap<string, FileContent>, shouldStop?: () => boolean): Promise<void> {
  refuseForeignFolder(outDir);
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  cleanStaleFolders(outDir);
  const tmp = siblingOf(outDir, 'tmp', process.pid);
  const old = siblingOf(outDir, 'old', process.pid);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
    let lastYieldMs = performance.now();
    for (const [name, content] of files) {
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFile(join(tmp, name), content);
      if (shouldStop && performance.now() - lastYieldMs > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYieldMs = performance.now();
        if (shouldStop()) throw new WriteInterrupted('interrupted while writing');
      }
    }
    if (shouldStop) {
      await yieldToEventLoop();
      if (shouldStop()) throw new WriteInterrupted('interrupted while writing');
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  let hadOld = false;
  try {
    renameSync(outDir, old);
    hadOld = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  renameSync(tmp, outDir);
  if (hadOld) {
    carryOverSweeps(old, outDir);
    rmSync(old, { recursive: true, force: true });
  }
}

function siblingOf(outDir: string, kind: 'tmp' | 'old', pid: number): string {
  return join(dirname(outDir), `.${basename(outDir)}.${kind}-${pid}`);
}

/** Moves each sweep folder (one holding sweep.json) of `from` into `to`, unless `to` has that name. */
function carryOverSweeps(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(from, entry.name, 'sweep.json')) && !existsSync(join(to, entry.name))) {
      renameSync(join(from, entry.name), join(to, entry.name));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans the temporary folders of `outDir` that processes no longer running left (killed while
 * writing). A previous folder set aside (`.old-<pid>`) is put back when `outDir` is missing,
 * else its sweeps are carried over and it is removed; an unfinished `.tmp-<pid>` is removed.
 */
export function cleanStaleFolders(outDir: string): void {
  const parent = dirname(outDir);
  const prefix = `.${basename(outDir)}.`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const stale = names
    .map((name) => ({ name, m: name.startsWith(prefix) ? /^(tmp|old)-(\d+)$/.exec(name.slice(prefix.length)) : null }))
    .filter((s) => s.m !== null && Number(s.m[2]) !== process.pid && !alive(Number(s.m[2])))
    .sort((a, b) => (a.m?.[1] === 'old' ? -1 : 0) - (b.m?.[1] === 'old' ? -1 : 0));
  for (const { name, m } of stale) {
    const path = join(parent, name);
    if (!statSync(path).isDirectory()) continue;
    if (m?.[1] === 'old' && !existsSync(outDir)) renameSync(path, outDir);
    else {
      if (m?.[1] === 'old') carryOverSweeps(path, outDir);
      rmSync(path, { recursive: true, force: true });
    }
  }
}
