import { EVENTS_PER_PACKET, estimatedEvents } from '../scenario/estimate-events.ts';
import type { ResolvedScenario } from '../scenario/resolve.ts';
import { UsageError } from '../scenario/usage-error.ts';
import { MAX_PACKETS_IN_MEMORY } from '../scenario/run.ts';
import { positiveInt } from './options.ts';

/** Most `--replications`: each replication is a whole run, and every run's results stay in memory until written. */
export const MAX_REPLICATIONS = 1000;

/**
 * Events a run may be predicted to take without `--max-events`: about 5 to 15 minutes at the
 * 1 to 3 million events per second one core processes.
 */
export const DEFAULT_EVENT_BUDGET = 1_000_000_000;

/** Parses `--replications`, refusing more than {@link MAX_REPLICATIONS}. */
export function replicationsOption(text: string | undefined): number {
  const n = positiveInt(text, '--replications', 1);
  if (n > MAX_REPLICATIONS) throw new UsageError(`--replications: at most ${MAX_REPLICATIONS} (the limit on replications), got ${n}`);
  return n;
}

/** The limits of one run from `--max-events` and `--max-packets`. */
export interface RunLimits {
  /** Undefined without `--max-events`: the run is then not stopped by its event count. */
  maxEvents: number | undefined;
  maxPackets: number;
}

/** Parses `--max-events` and `--max-packets`. */
export function limitOptions(options: { maxEvents?: string; maxPackets?: string }): RunLimits {
  return {
    maxEvents: options.maxEvents === undefined ? undefined : positiveInt(options.maxEvents, '--max-events', 1),
    maxPackets: positiveInt(options.maxPackets, '--max-packets', MAX_PACKETS_IN_MEMORY),
  };
}

/**
 * Refuses, before anything runs, a run predicted to take more events than the budget: the
 * default one, or `--max-events`, which confirms a longer run (and then also stops it there).
 */
export function checkEventBudget(label: string, scenario: ResolvedScenario, untilNs: number | undefined, maxEvents: number | undefined): void {
  const predicted = estimatedEvents(scenario, untilNs);
  const budget = maxEvents ?? DEFAULT_EVENT_BUDGET;
  if (predicted <= budget) return;
  const why = maxEvents === undefined ? `the default budget of ${DEFAULT_EVENT_BUDGET.toExponential()} events` : `--max-events ${maxEvents}`;
  throw new UsageError(
    `${label} is predicted to take about ${predicted.toExponential(1)} events (its workloads' offered packets × ${EVENTS_PER_PACKET}), more than ${why}; ` +
      `confirm with --max-events ${predicted}, or shorten it with --until or lower rates`,
  );
}
