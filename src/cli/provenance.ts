import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Provenance } from '../report/provenance.ts';
import { TOOL_VERSION } from './version.ts';

/**
 * Files that cannot change results: tests, their fixtures and helpers; and in a build, the
 * command line's bundle (bundle/ and its metafile), which esbuild makes from the compiled files
 * beside it and the pinned dependencies, so that the bundle and the library record one hash.
 */
const NOT_MODEL = /(\.test\.[cm]?[jt]s|\.map|\.d\.ts)$|(^|\/)(fixtures|test-support)\/|^bundle\/|^\.bundle-meta\.json$/;
const CODE = /\.([cm]?[jt]s|json)$/;

/**
 * The file in a build's folder (dist/) that holds {@link hashCodeFolder} of that folder, written by
 * the build (scripts/build.js) after compiling, so that a run reads one file instead of hashing
 * a few hundred (about 20 ms of a run of p2p-udp).
 */
export const CODE_HASH_FILE = 'code-sha256.txt';

let cached: string | undefined;

/**
 * The hash of the code this module is part of, computed once per process: the one the build
 * recorded beside it ({@link CODE_HASH_FILE}) or, when there is none (src/ run from sources),
 * {@link hashCodeFolder} of its folder.
 */
export function codeSha256(): string {
  if (cached !== undefined) return cached;
  const root = fileURLToPath(new URL('..', import.meta.url));
  let recorded: string | undefined;
  try {
    recorded = readFileSync(join(root, CODE_HASH_FILE), 'utf8').trim();
  } catch {
    recorded = undefined;
  }
  cached = recorded ?? hashCodeFolder(root);
  return cached;
}

/**
 * sha256 over the relative paths and bytes of every code file under `root` (src/ when run from
 * sources, the compiled folder when run from a build), tests excluded. Falls back to the package
 * version when the folder cannot be read.
 */
export function hashCodeFolder(root: string): string {
  try {
    const files = (readdirSync(root, { recursive: true }) as string[])
      .map((f) => f.split('\\').join('/'))
      .filter((f) => CODE.test(f) && !NOT_MODEL.test(f))
      .sort();
    const hash = createHash('sha256');
    for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
    return files.length > 0 ? hash.digest('hex') : `package ${TOOL_VERSION}`;
  } catch {
    return `package ${TOOL_VERSION}`;
  }
}

/** What the command line adds to a scenario: the inputs of {@link provenanceOf}. */
export interface RunSettings {
  seed: number | undefined;
  untilNs: number | undefined;
  replications: number;
  sets: readonly string[];
}

/** The provenance of a command's runs of `loaded`. */
export function provenanceOf(loaded: LoadedScenario, settings: RunSettings): Provenance {
  return {
    overlaysimVersion: TOOL_VERSION,
    modelSha256: codeSha256(),
    scenarioSha256: loaded.sha256,
    seed: settings.seed ?? loaded.resolved.seed,
    untilNs: settings.untilNs ?? null,
    replications: settings.replications,
    sets: settings.sets,
  };
}

/** Each variant's overrides as written in the scenario, by name. */
export function variantSets(loaded: LoadedScenario): Record<string, Record<string, unknown>> {
  const data = loaded.source.toData() as { variants?: Record<string, Record<string, unknown> | null> };
  return Object.fromEntries(loaded.variants.map((v) => [v.name, data.variants?.[v.name] ?? {}]));
}
