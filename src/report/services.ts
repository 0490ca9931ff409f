import type { RunResult } from '../scenario/run.ts';
import { serviceResults } from '../stats/service-summary.ts';
import { ratio, type Table } from './tables.ts';

/** services.csv: one row per task of a service on each of its networks. */
export function serviceTable(result: RunResult): Table {
  const columns = ['service', 'network', 'endpointMode', 'vip', 'task', 'host', 'address', 'routed', 'rxPackets', 'rxBytes', 'requests', 'extraHops', 'extraHopShare'];
  const rows = serviceResults(result.scenario, result.flows, result.connections).map((r) => [
    r.service, r.network, r.endpointMode, r.vip, r.task, r.host, r.address, r.routed, r.rxPackets, r.rxBytes, r.requests, r.extraHops, ratio(r.extraHopShare),
  ]);
  return { columns, rows };
}
