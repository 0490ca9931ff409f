import { parseDurationNs, parseProbability } from '../core/units.ts';
import { ScenarioError } from './errors.ts';
import type { ResolvedScenario } from './resolve.ts';
import type { ScenarioSource } from './source.ts';

/** A sweep's threshold: the largest acceptable value of one index.csv metric, in its base unit. */
export interface SweepLimit {
  /** An index.csv column: `worstFlowDelayP99Ns`, `<workload>.delayP99Ns`, `delayMeanNs`, `lossRatio`, `busiestCoreUtilisation` or `cpuCoresUsed`. */
  metric: string;
  /** ns for `...Ns`, a share (0..1) for ratios and utilisation, cores for `cpuCoresUsed`. */
  value: number;
}

/** The metrics a limit may bound (higher is worse, and the sweep report charts each). */
export function limitMetrics(scenario: ResolvedScenario): string[] {
  return ['worstFlowDelayP99Ns', 'delayMeanNs', 'lossRatio', 'busiestCoreUtilisation', 'cpuCoresUsed', ...scenario.workloads.map((w) => `${w.name}.delayP99Ns`)];
}

/**
 * Reads `sweep.limit` (already checked for shape by the schema): the metric must be one the
 * report charts, and the value a duration for `...Ns`, a share or percentage for ratios and
 * utilisation, a number of cores for `cpuCoresUsed`.
 */
export function sweepLimitOf(source: ScenarioSource, scenario: ResolvedScenario): SweepLimit | undefined {
  const limit = (source.toData() as { sweep?: { limit?: { metric: string; value: number | string } } }).sweep?.limit;
  if (limit === undefined) return undefined;
  const known = limitMetrics(scenario);
  if (!known.includes(limit.metric)) {
    throw new ScenarioError([source.issue(['sweep', 'limit', 'metric'], `unknown metric ${JSON.stringify(limit.metric)}; expected one of: ${known.join(', ')}`)]);
  }
  const bad = (expected: string) => new ScenarioError([source.issue(['sweep', 'limit', 'value'], `${limit.metric} needs ${expected}; got ${JSON.stringify(limit.value)}`)]);
  if (limit.metric.endsWith('Ns')) {
    if (typeof limit.value !== 'string') throw bad('a duration with a unit, e.g. 2ms');
    try {
      return { metric: limit.metric, value: parseDurationNs(limit.value) };
    } catch {
      throw bad('a duration with a unit, e.g. 2ms');
    }
  }
  if (limit.metric === 'cpuCoresUsed') {
    if (typeof limit.value !== 'number' || !(limit.value > 0)) throw bad('a number of cores greater than 0');
    return { metric: limit.metric, value: limit.value };
  }
  try {
    return { metric: limit.metric, value: parseProbability(limit.value) };
  } catch {
    throw bad('a share from 0 to 1 or a percentage, e.g. 0.9 or 1%');
  }
}
