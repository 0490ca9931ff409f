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

let cached: string | undefined;

/**
 * sha256 over the relative paths and bytes of every code file under the folder this module is
 * loaded from (src/ when run from sources, the compiled folder when run from a build), tests
 * excluded; computed once per process. Falls back to the package version when the folder
 * cannot be read.
 */
export function codeSha256(): string {
  if (cached !== undefined) return cached;
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const files = (readdirSync(root, { recursive: true }) as string[])
      .map((f) => f.split('\\').join('/'))
      .filter((f) => CODE.test(f) && !NOT_MODEL.test(f))
      .sort();
    const hash = createHash('sha256');
    for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
    cached = files.length > 0 ? hash.digest('hex') : `package ${TOOL_VERSION}`;
  } catch {
    cached = `package ${TOOL_VERSION}`;
  }
  return cached;
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
