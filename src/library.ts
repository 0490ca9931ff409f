/**
 * The parts of the library API that the command line does not need in this form: scenarios
 * given as YAML text or as a plain object, validation that returns the problems instead of
 * throwing them, and a whole sweep run in one call. docs/library-api.md shows them in use.
 */
import { availableParallelism } from 'node:os';
import { stringify } from 'yaml';
import { summarise, type Summary } from './report/summary.ts';
import { type ScenarioIssue, ScenarioError } from './scenario/errors.ts';
import { type LoadedScenario, loadScenarioText } from './scenario/load.ts';
import type { RunResult } from './scenario/run.ts';
import type { ScenarioInput } from './scenario/schema.ts';
import { type Job, type JobInput, planJobs } from './sweep/job.ts';
import { runJobs } from './sweep/pool.ts';

/** Options of {@link parseScenario} and {@link validateScenario}. */
export interface ParseOptions {
  /**
   * Names the scenario in error messages (default `scenario.yaml`); relative paths inside it
   * (a CPU profile file in `hosts.cpu`) resolve against this name's folder, so by default
   * against the process's working folder.
   */
  name?: string;
  /** Field overrides as the command line's `--set` takes them, e.g. `underlay.hosts=50`. */
  sets?: readonly string[];
}

/**
 * Validates and resolves a scenario given as YAML text (a string) or as a plain object shaped
 * like the YAML file. An invalid scenario throws a {@link ScenarioError} whose `issues` name
 * each problem's field path and what was expected; for text, also its line and column (for an
 * object they are 0, since the object has no lines).
 */
export function parseScenario(scenario: string | ScenarioInput, options: ParseOptions = {}): LoadedScenario {
  const name = options.name ?? 'scenario.yaml';
  const sets = options.sets ?? [];
  if (typeof scenario === 'string') return loadScenarioText(name, scenario, sets);
  return withoutPositions(name, () => loadScenarioText(name, stringify(scenario), sets));
}

/**
 * Runs `load` on YAML written from an object; a {@link ScenarioError} it raises about that
 * text (`name`) loses line and column, which would point into text the caller never saw, and
 * keeps the field paths. Issues in other files (a stack file the scenario imports) keep theirs.
 */
function withoutPositions<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new ScenarioError(error.issues.map((issue) => (issue.file === name ? { ...issue, line: 0, col: 0 } : issue)));
  }
}

/** The problems of a scenario (as {@link parseScenario} reports them); empty when it is valid. */
export function validateScenario(scenario: string | ScenarioInput, options: ParseOptions = {}): readonly ScenarioIssue[] {
  try {
    parseScenario(scenario, options);
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
}

/** Options of {@link runSweep}. */
export interface SweepOptions extends ParseOptions {
  /** Threads to run on, this one included (default: the number of cores). Results do not depend on it. */
  threads?: number;
  /** Independent replications of every run (default 1). */
  replications?: number;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Stops simulated time earlier than the scenario's duration, ns. */
  untilNs?: number;
  /** Runs only shard `shard` of `shards` (1-based; a point belongs to shard (index mod shards) + 1). */
  shard?: number;
  shards?: number;
  /** Called after each finished run with the number done and the number planned. */
  onDone?: (done: number, planned: number) => void;
}

/** One finished run of a sweep. */
export interface SweepRun {
  /** The grid point (index), variant and replication. */
  job: Job;
  /** The swept fields' values at this point, by field path. */
  values: Record<string, unknown>;
  result: RunResult;
  summary: Summary;
}

/**
 * Runs every point of the scenario's `sweep` grid × its variants × `replications`, as
 * `overlaysim sweep` does, and returns the runs in job order (point, variant, replication).
 * Every point is validated before anything runs. A scenario without a sweep runs once per
 * variant and replication.
 */
export async function runSweep(scenario: string | ScenarioInput, options: SweepOptions = {}): Promise<SweepRun[]> {
  const name = options.name ?? 'scenario.yaml';
  const sets = options.sets ?? [];
  const loaded = parseScenario(scenario, { name, sets });
  const text = loaded.source.text;
  const checkPoints = () => loaded.sweep.forEach((point) => loadScenarioText(name, text, sets, point.index));
  if (typeof scenario === 'string') checkPoints();
  else withoutPositions(name, checkPoints);
  const jobs = planJobs(loaded.sweep.length, loaded.variants.map((v) => v.name), options.replications ?? 1, options.shard ?? 1, options.shards ?? 1);
  const inputs: JobInput[] = jobs.map((job) => ({ file: name, text, sets, seed: options.seed, untilNs: options.untilNs, job }));
  const results = await runJobs(inputs, {
    threads: options.threads ?? availableParallelism(),
    ...(options.onDone ? { onDone: (done: number) => options.onDone?.(done, jobs.length) } : {}),
  });
  return jobs.map((job, i) => {
    const result = results[i] as RunResult;
    const point = job.pointIndex === undefined ? undefined : loaded.sweep[job.pointIndex];
    const values = Object.fromEntries((point?.values ?? []).map((v) => [v.path, v.value]));
    return { job, values, result, summary: summarise(result) };
  });
}
