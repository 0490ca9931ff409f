import { endpointAddress, parseSubnet } from '../model/service/ipam.ts';
import type { ResolvedScenario } from '../scenario/resolve.ts';
import type { ConnectionResult } from './connection-monitor.ts';
import type { FlowResult } from './flow-monitor.ts';
import type { RequestResult } from './request-monitor.ts';

/** One task of a service on one of its networks, and what it received. */
export interface ServiceTaskResult {
  service: string;
  network: string;
  endpointMode: 'vip' | 'dnsrr';
  /** The service's VIP on the network; empty for dnsrr services and host networks. */
  vip: string;
  task: string;
  host: string;
  /** The task's address on the network; empty on host networks. */
  address: string;
  /** Connections (TCP) and flows (UDP, ping) routed to the task by workloads that name the service. */
  routed: number;
  /** Datagrams and segments the task received, over all its incoming flows. */
  rxPackets: number;
  rxBytes: number;
  /** tcp-rpc requests the task answered. */
  requests: number;
  /** `per-request` requests sent to the task after it had died (they failed). */
  failed: number;
}

/**
 * Per service, network and task: addresses and the spread of traffic. Addresses follow the
 * allocation order this simulator assumes (a stack deploy): after the gateway, the VIPs of the
 * network's `vip` services in service order, then the tasks in task order.
 */
export function serviceResults(
  scenario: ResolvedScenario,
  flows: readonly FlowResult[],
  connections: readonly ConnectionResult[] = [],
  requests: readonly RequestResult[] = [],
): ServiceTaskResult[] {
  // Workloads that reach a service by name, and which service; their return flows (TCP's
  // `/reverse`, ping's `/reply`) go back to the clients and are not routed.
  const targetOf = new Map(scenario.workloads.flatMap((w) => (w.service ? [[w.name, w.service.service] as const] : [])));
  const isForward = (f: FlowResult) => !f.flow.endsWith('/reverse') && !f.flow.endsWith('/reply');
  const rows: ServiceTaskResult[] = [];
  for (const network of scenario.networks) {
    const members = Object.entries(scenario.services).filter(([, s]) => s.networks.includes(network.name));
    const subnet = network.driver === 'overlay' ? parseSubnet(network.subnet) : undefined;
    const block = typeof subnet === 'object' ? subnet : undefined;
    const vipServices = members.filter(([, s]) => s.endpointMode === 'vip').map(([name]) => name);
    let next = vipServices.length;
    for (const [service, config] of members) {
      const vipIndex = vipServices.indexOf(service);
      const vip = block && vipIndex >= 0 ? endpointAddress(block, vipIndex) : '';
      for (const task of scenario.tasks.filter((t) => t.service === service)) {
        const incoming = flows.filter((f) => f.dst === task.name);
        rows.push({
          service,
          network: network.name,
          endpointMode: config.endpointMode,
          vip,
          task: task.name,
          host: scenario.topology.hosts[task.host] as string,
          address: block ? endpointAddress(block, next++) : '',
          routed: incoming.filter((f) => targetOf.get(f.workload) === service && isForward(f)).length,
          rxPackets: incoming.reduce((a, f) => a + f.rxPackets, 0),
          rxBytes: incoming.reduce((a, f) => a + f.rxBytes, 0),
          requests: connections.filter((c) => c.server === task.name).reduce((a, c) => a + Math.max(0, c.requests), 0),
          failed: requests.reduce((a, r) => a + (r.failedByTask.get(task.name) ?? 0), 0),
        });
      }
    }
  }
  return rows;
}
