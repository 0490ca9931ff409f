import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../scenario/run.ts';
import { CHART_CONFIG } from './render-chart.ts';

/**
 * The error window of each client host of the `per-request` workloads: a bar from its first
 * failed request to its last, and a tick where the host's view dropped the stopped tasks (its
 * NetworkDB convergence), in seconds of simulated time. Undefined when nothing failed.
 */
export function errorWindowSpec(result: RunResult): TopLevelSpec | undefined {
  const hosts = result.scenario.topology.hosts;
  const values = (result.requests ?? []).flatMap((r) =>
    r.windows.map((w) => ({
      client: `${r.workload} @ ${hosts[w.host] as string}`,
      firstS: w.firstFailNs / 1e9,
      lastS: w.lastFailNs / 1e9,
      failed: w.failed,
      ...(w.viewDroppedNs < 0 ? {} : { droppedS: w.viewDroppedNs / 1e9 }),
    })),
  );
  if (values.length === 0) return undefined;
  const y = { field: 'client', type: 'nominal' as const, title: 'workload @ client host', sort: null };
  return {
    title: 'Error window per client host: first to last failed request; tick: the host dropped the dead tasks',
    width: 640,
    height: Math.max(80, 24 * values.length),
    config: CHART_CONFIG,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y,
          x: { field: 'firstS', type: 'quantitative', title: 'simulated time (s)' },
          x2: { field: 'lastS' },
          color: { field: 'failed', type: 'quantitative', title: 'failed requests' },
        },
      },
      {
        mark: { type: 'tick', thickness: 2, color: 'black' },
        encoding: { y, x: { field: 'droppedS', type: 'quantitative' } },
      },
    ],
  };
}
