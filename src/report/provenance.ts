/**
 * Everything besides the scenario file that decides a run's results, recorded in run.json,
 * summary.json and sweep.json so that results made under different conditions are never
 * mixed (`merge` compares it field by field).
 */
export interface Provenance {
  /** overlaysim's package version. */
  overlaysimVersion: string;
  /**
   * sha256 over the files of the code that is running (see {@link codeSha256}), or
   * `package <version>` when they cannot be read.
   */
  modelSha256: string;
  /** sha256 of the scenario file's bytes. */
  scenarioSha256: string;
  /** Seed used (the scenario's, or `--seed`). */
  seed: number;
  /** `--until` as given, ns; null without it. */
  untilNs: number | null;
  /** `--replications`. */
  replications: number;
  /** `--set` overrides, in the order given. */
  sets: readonly string[];
}

/** Provenance of one run of a variant: adds the variant's name ('' for none) and its overrides. */
export interface RunProvenance extends Provenance {
  variant: string;
  variantSets: Record<string, unknown>;
}

/** Provenance of `variant`'s runs, with that variant's overrides as written in the scenario. */
export function runProvenance(base: Provenance, variant: string, variantSets: Readonly<Record<string, Record<string, unknown>>>): RunProvenance {
  return { ...base, variant, variantSets: variantSets[variant] ?? {} };
}
