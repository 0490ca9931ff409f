import { loadScenarioText } from '../scenario/load.ts';
import { type RunResult, runScenario } from '../scenario/run.ts';

/** One run of a sweep: a grid point, a variant and a replication. */
export interface Job {
  /** Index of the sweep point, or undefined for a scenario without a sweep. */
  pointIndex: number | undefined;
  /** Position of the variant in the scenario, and its name ('' when it has none). */
  variantIndex: number;
  variant: string;
  replication: number;
}

/** Everything a worker needs to run a job: the scenario text travels with it, so every job sees the same file. */
export interface JobInput {
  file: string;
  text: string;
  sets: readonly string[];
  seed: number | undefined;
  untilNs: number | undefined;
  /** `--max-events` and `--max-packets` (see RunOptions). */
  maxEvents?: number | undefined;
  maxPackets?: number | undefined;
  job: Job;
}

/**
 * Loads the job's point and variant of the scenario and runs it. With `shouldStop`, the run
 * yields to the event loop every so often (so a thread that also manages workers stays
 * responsive) and stops when it returns true.
 */
export async function runJob(input: JobInput, shouldStop?: () => boolean): Promise<RunResult> {
  const { job } = input;
  const loaded = loadScenarioText(input.file, input.text, input.sets, job.pointIndex);
  const scenario = job.variant === '' ? loaded.resolved : loaded.variants[job.variantIndex]?.resolved;
  if (scenario === undefined) throw new Error(`variant ${job.variant} not found`);
  return runScenario(scenario, { seed: input.seed, replication: job.replication, untilNs: input.untilNs, maxEvents: input.maxEvents, maxPackets: input.maxPackets, ...(shouldStop ? { shouldStop } : {}) });
}

/**
 * The jobs of a sweep, in a fixed order (point, then variant, then replication), restricted to
 * shard `shard` of `shards` (1-based): a point belongs to shard (index mod shards) + 1, so the
 * union of all shards is the whole sweep and no point is run twice.
 */
export function planJobs(points: number, variants: readonly string[], replications: number, shard = 1, shards = 1): Job[] {
  const jobs: Job[] = [];
  const pointList = points === 0 ? [undefined] : Array.from({ length: points }, (_, i) => i);
  const variantList = variants.length === 0 ? [''] : variants;
  for (const pointIndex of pointList) {
    if (((pointIndex ?? 0) % shards) + 1 !== shard) continue;
    variantList.forEach((variant, variantIndex) => {
      for (let replication = 0; replication < replications; replication++) jobs.push({ pointIndex, variantIndex, variant, replication });
    });
  }
  return jobs;
}
