import { stringify } from 'csv-stringify/sync';
import { meanWithCi } from '../stats/confidence.ts';
import { type ComparisonRow, comparisonRows, formatMetric } from './comparison.ts';
import { markdownTable } from './markdown.ts';
import type { Summary } from './summary.ts';

/** The replications of one scenario (or one variant). */
export interface ReplicationGroup {
  label: string;
  summaries: Summary[];
}

/** Each headline metric of a group with the mean and 95% confidence interval over its replications. */
export function replicationRows(group: ReplicationGroup): { row: ComparisonRow; ci: ReturnType<typeof meanWithCi> }[] {
  return comparisonRows(group.summaries).map((row) => ({ row, ci: meanWithCi(row.values) }));
}

/** summary.md of a run with replications: per group, metric, mean ± half-width and the interval. */
export function replicationMarkdown(scenario: string, groups: readonly ReplicationGroup[]): string {
  const out = [`# ${scenario}: ${groups[0]?.summaries.length ?? 0} replications`, ''];
  out.push('Mean over independent replications (separate random streams) with a 95% confidence interval (Student t).', '');
  for (const g of groups) {
    if (g.label) out.push(`## ${g.label}`, '');
    out.push(
      markdownTable(
        ['metric', 'mean', '± 95%', 'interval'],
        replicationRows(g).map(({ row, ci }) => [
          row.metric,
          formatMetric(ci.mean, row.unit),
          formatMetric(ci.halfWidth, row.unit),
          `${formatMetric(ci.low, row.unit)} … ${formatMetric(ci.high, row.unit)}`,
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}

/** replications.csv: one row per group and metric, with mean and interval in base units. */
export function replicationCsv(groups: readonly ReplicationGroup[]): string {
  const rows: (string | number)[][] = [['variant', 'workload', 'metric', 'unit', 'n', 'mean', 'halfWidth95', 'low95', 'high95']];
  for (const g of groups) {
    for (const { row, ci } of replicationRows(g)) {
      const metric = row.workload === undefined ? row.metric : row.metric.slice(row.workload.length + 2);
      rows.push([g.label, row.workload ?? '', metric, row.unit, ci.n, ci.mean, ci.halfWidth, ci.low, ci.high]);
    }
  }
  return stringify(rows);
}
