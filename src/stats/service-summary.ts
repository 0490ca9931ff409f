import { endpointAddress, parseSubnet } from '../model/service/ipam.ts';
import type { ResolvedScenario } from '../scenario/resolve.ts';
import { INGRESS_NETWORK } from '../scenario/resolve-ingress.ts';
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
  /** On the ingress network: of the external connections routed to the task, those an ingress node relayed from another node. */
  extraHops: number;
  /** On the ingress network: the service's share of external connections that took the extra hop, 0 to 1 (0 without any). */
  extraHopShare: number;
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
  const isForward = (f: FlowResult) => !f.flow.endsWith('/reverse') && !f.flow.endsWith('/reply');
  const rows = [...serviceNetworkResults(scenario, flows, connections, requests, isForward), ...ingressResults(scenario, flows, connections, isForward)];
  return rows;
}

/** Rows of the networks the services attach to. */
function serviceNetworkResults(
  scenario: ResolvedScenario,
  flows: readonly FlowResult[],
  connections: readonly ConnectionResult[],
  requests: readonly RequestResult[],
  isForward: (f: FlowResult) => boolean,
): ServiceTaskResult[] {
  // Workloads that reach a service by name, and which service; their return flows (TCP's
  // `/reverse`, ping's `/reply`) go back to the clients and are not routed.
  const targetOf = new Map(scenario.workloads.flatMap((w) => (w.service ? [[w.name, w.service.service] as const] : [])));
  // A row counts the traffic of the workloads on its network only: a task on two networks, or
  // one an external client reaches through the ingress network (its own rows), is not counted twice.
  const networkOf = new Map(scenario.workloads.map((w) => [w.name, w.network]));
  const rows: ServiceTaskResult[] = [];
  for (const network of scenario.networks) {
    const onNetwork = (c: { workload: string }) => networkOf.get(c.workload) === network.name;
    const networkConnections = connections.filter(onNetwork);
    const members = Object.entries(scenario.services).filter(([, s]) => s.networks.includes(network.name));
    const subnet = network.driver === 'overlay' ? parseSubnet(network.subnet) : undefined;
    const block = typeof subnet === 'object' ? subnet : undefined;
    const vipServices = members.filter(([, s]) => s.endpointMode === 'vip').map(([name]) => name);
    let next = vipServices.length;
    for (const [service, config] of members) {
      const vipIndex = vipServices.indexOf(service);
      const vip = block && vipIndex >= 0 ? endpointAddress(block, vipIndex) : '';
      for (const task of scenario.tasks.filter((t) => t.service === service)) {
        const incoming = flows.filter((f) => f.dst === task.name && onNetwork(f));
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
          requests: requestsOf(networkConnections, task.name),
          failed: requests.reduce((a, r) => a + (r.failedByTask.get(task.name) ?? 0), 0),
          extraHops: 0,
          extraHopShare: 0,
        });
      }
    }
  }
  return rows;
}

function requestsOf(connections: readonly ConnectionResult[], task: string): number {
  return connections.filter((c) => c.server === task).reduce((a, c) => a + Math.max(0, c.requests), 0);
}

/**
 * Rows of the ingress network, for services publishing a port in ingress mode: what external
 * clients sent through the routing mesh. Addresses: swarm gives each node's ingress-sbox
 * endpoint its address when the node joins, before any service, so after the gateway come the
 * swarm nodes' endpoints in host order, then the VIPs, then the tasks in task order.
 */
function ingressResults(scenario: ResolvedScenario, flows: readonly FlowResult[], connections: readonly ConnectionResult[], isForward: (f: FlowResult) => boolean): ServiceTaskResult[] {
  const network = scenario.networks.find((n) => n.name === INGRESS_NETWORK);
  if (network === undefined) return [];
  const parsed = parseSubnet(network.subnet);
  const block = typeof parsed === 'object' ? parsed : undefined;
  const externals = new Set(scenario.workloads.flatMap((w) => (w.ingress ? [(w.pairs[0] as { srcHost: number }).srcHost] : [])));
  const members = Object.entries(scenario.services).filter(([, s]) => s.ports.some((p) => p.mode === 'ingress'));
  const targetOf = new Map(scenario.workloads.flatMap((w) => (w.ingress?.mode === 'ingress' ? [[w.name, w.ingress.service] as const] : [])));
  let next = scenario.topology.hosts.length - externals.size + members.length;
  const rows: ServiceTaskResult[] = [];
  members.forEach(([service, config], vipIndex) => {
    const external = flows.filter((f) => f.extraHop !== undefined && isForward(f) && targetOf.get(f.workload) === service);
    const share = external.length === 0 ? 0 : external.filter((f) => f.extraHop).length / external.length;
    for (const task of scenario.tasks.filter((t) => t.service === service)) {
      const routed = external.filter((f) => f.dst === task.name);
      const incoming = flows.filter((f) => f.dst === task.name && f.extraHop !== undefined);
      rows.push({
        service,
        network: INGRESS_NETWORK,
        endpointMode: config.endpointMode,
        vip: block ? endpointAddress(block, scenario.topology.hosts.length - externals.size + vipIndex) : '',
        task: task.name,
        host: scenario.topology.hosts[task.host] as string,
        address: block ? endpointAddress(block, next++) : '',
        routed: routed.length,
        rxPackets: incoming.reduce((a, f) => a + f.rxPackets, 0),
        rxBytes: incoming.reduce((a, f) => a + f.rxBytes, 0),
        requests: requestsOf(connections.filter((c) => targetOf.has(c.workload)), task.name),
        // Failed requests are counted for `connect: per-request` clients of a VIP or dnsrr service only.
        failed: 0,
        extraHops: routed.filter((f) => f.extraHop).length,
        extraHopShare: share,
      });
    }
  });
  return rows;
}
