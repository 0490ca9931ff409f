import type { FlowPath } from '../model/flow.ts';
import type { IngressTarget } from '../model/service/ingress-router.ts';
import { type AddressDemand, shortfall } from '../model/service/ipam.ts';
import { didYouMean } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import type { ResolvedNetwork, Task } from './resolve-services.ts';
import { listOf } from './resolve-topology.ts';
import type { ScenarioConfig, WorkloadConfig } from './schema.ts';
import type { NetworkConfig, ServiceConfig } from './schema-overlay.ts';

/**
 * The routing mesh's side of a scenario: the `ingress` network swarm creates by itself, the
 * services' published ports, the hosts that are external clients rather than swarm nodes, and
 * the external workloads that reach a service through a published port.
 */

/** Name of the network swarm creates for the routing mesh. */
export const INGRESS_NETWORK = 'ingress';
/**
 * Subnet of the ingress network when the scenario gives none: since swarmkit 9ccb20b27 (2019) it
 * is the first /24 of the default pool (shared/reference/overlay-dataplane.md §4, "Ingress subnet").
 */
const DEFAULT_INGRESS_SUBNET = '10.0.0.0/24';

/** Whether any service publishes a port in ingress mode. */
function publishesIngress(services: Record<string, ServiceConfig>): boolean {
  return Object.values(services).some((s) => s.ports.some((p) => p.mode === 'ingress'));
}

/**
 * The scenario's networks with `ingress` added when a service publishes a port in ingress mode
 * (Docker creates it: a VXLAN overlay with the default MTU, unencrypted, on 10.0.0.0/24). A
 * scenario may declare `networks.ingress` to change its settings; its subnet then defaults to
 * 10.0.0.0/24 too. Ingress comes first, as swarm creates it before any other network.
 */
export function withIngressNetwork(config: ScenarioConfig): Record<string, NetworkConfig> {
  const declared = config.networks[INGRESS_NETWORK];
  if (declared === undefined && !publishesIngress(config.services)) return config.networks;
  const ingress: NetworkConfig = declared ?? { driver: 'overlay', encapsulation: 'vxlan', mtu: 1500, outerDf: false };
  const others = Object.entries(config.networks).filter(([name]) => name !== INGRESS_NETWORK);
  return Object.fromEntries([[INGRESS_NETWORK, { ...ingress, subnet: ingress.subnet ?? DEFAULT_INGRESS_SUBNET }], ...others]);
}

/** Hosts named as the `from` of a workload with a `port`: external clients, not swarm nodes. */
export function externalClientHosts(workloads: readonly WorkloadConfig[], hostIndex: Map<string, number>): Set<number> {
  const out = new Set<number>();
  for (const w of workloads) {
    const host = w.port === undefined ? undefined : hostIndex.get(w.from);
    if (host !== undefined) out.add(host);
  }
  return out;
}

/**
 * Checks the ingress network and the services' published ports as swarm does: nobody attaches
 * to `ingress` by hand, a dnsrr service cannot publish in ingress mode, a port is published
 * once (an ingress port holds it on every node, a host port on the nodes of its tasks), and a
 * host-mode port binds once per node, so two tasks of the service cannot share a node.
 */
export function checkPublishedPorts(config: ScenarioConfig, networks: Map<string, ResolvedNetwork>, tasks: readonly Task[], hostNames: readonly string[], issues: PathIssue[]): void {
  const ingress = networks.get(INGRESS_NETWORK);
  const declared = config.networks[INGRESS_NETWORK];
  if (ingress !== undefined && declared !== undefined) {
    if (declared.driver === 'host') issues.push({ path: ['networks', INGRESS_NETWORK, 'driver'], message: 'the ingress network is an overlay; remove driver: host' });
    if (declared.encapsulation === 'wireguard') issues.push({ path: ['networks', INGRESS_NETWORK, 'encapsulation'], message: "Docker's ingress network is VXLAN; use encrypted: true for IPsec, or remove encapsulation" });
  }
  const hostsOf = (service: string) => new Set(tasks.filter((t) => t.service === service).map((t) => t.host));
  const seen = new Map<string, { service: string; index: number; mode: 'ingress' | 'host'; hosts: Set<number> }>();
  for (const [service, s] of Object.entries(config.services)) {
    const at = (...rest: PropertyKey[]) => ['services', service, ...rest];
    const listed = s.networks.indexOf(INGRESS_NETWORK);
    if (listed >= 0) issues.push({ path: at('networks', listed), message: 'swarm attaches the ingress network by itself to services that publish a port in ingress mode; remove it from networks' });
    s.ports.forEach((p, i) => {
      if (p.mode === 'ingress' && s.endpointMode === 'dnsrr') {
        issues.push({ path: at('ports', i, 'mode'), message: 'a dnsrr service has no VIP, so the routing mesh cannot balance it (Docker refuses this); use mode: host or endpointMode: vip' });
      }
      const hosts = hostsOf(service);
      const key = `${p.published}/${p.protocol}`;
      const earlier = seen.get(key);
      const clash = earlier !== undefined && (earlier.mode === 'ingress' || p.mode === 'ingress' || [...hosts].some((h) => earlier.hosts.has(h)));
      if (earlier !== undefined && clash) {
        issues.push({
          path: at('ports', i, 'published'),
          message: `port ${p.published}/${p.protocol} is already published by ${earlier.service} (services.${earlier.service}.ports[${earlier.index}]); a port published in ingress mode is held on every node, in host mode on the nodes of its tasks`,
        });
      } else seen.set(key, { service, index: i, mode: p.mode, hosts });
      if (p.mode === 'host') {
        const crowded = secondTaskOnAHost(tasks, service);
        if (crowded !== undefined) {
          issues.push({
            path: at('ports', i, 'mode'),
            message: `host mode binds port ${p.published} once per node, but ${service} has more than one task on ${hostNames[crowded.host]}; swarm would leave the extra tasks pending: spread the tasks one per node or use ingress mode`,
          });
        }
      }
    });
  }
}

/** The first task of `service` on a host that already runs one of its tasks; undefined when none shares a host. */
function secondTaskOnAHost(tasks: readonly Task[], service: string): Task | undefined {
  const hosts = new Set<number>();
  for (const t of tasks) {
    if (t.service !== service) continue;
    if (hosts.has(t.host)) return t;
    hosts.add(t.host);
  }
  return undefined;
}

/**
 * What the ingress subnet must hold (Docker's arithmetic, as every overlay): one address per
 * task of a service publishing in ingress mode, one ingress VIP per such service, and one
 * ingress-sbox endpoint per swarm node (every node joins ingress, tasks or not).
 */
function ingressDemand(services: Record<string, ServiceConfig>, tasks: readonly Task[], swarmNodes: number): AddressDemand {
  const members = Object.entries(services).filter(([, s]) => s.ports.some((p) => p.mode === 'ingress')).map(([n]) => n);
  return { tasks: tasks.filter((t) => members.includes(t.service)).length, vips: members.length, lbEndpoints: swarmNodes };
}

/** Checks that the ingress subnet holds its {@link ingressDemand}; the error gives the arithmetic. */
export function checkIngressAddresses(network: ResolvedNetwork | undefined, services: Record<string, ServiceConfig>, tasks: readonly Task[], swarmNodes: number, issues: PathIssue[]): void {
  if (network === undefined || network.prefix === 0) return;
  const short = shortfall(network.subnet, network.prefix, ingressDemand(services, tasks, swarmNodes));
  if (short !== undefined) {
    issues.push({
      path: ['networks', INGRESS_NETWORK, 'subnet'],
      message: `${short} (ingress: the tasks and VIPs of services publishing in ingress mode and one ingress-sbox endpoint per node); give networks.ingress a larger subnet`,
    });
  }
}

/** What resolving an external workload needs from the rest of the scenario. */
export interface ExternalContext {
  hostIndex: Map<string, number>;
  services: Record<string, ServiceConfig>;
  tasks: readonly Task[];
  networks: Map<string, ResolvedNetwork>;
  /** Hosts that are swarm nodes (not external clients), in index order. */
  swarmNodes: readonly number[];
  /** The bare underlay path from a host. */
  barePath: (host: number) => FlowPath;
}

/** An external workload resolved: its client host and the published port it reaches. */
export interface ResolvedExternal {
  clientHost: number;
  target: IngressTarget;
  /** The MTU the TCP segment size follows, bytes: the task's interface on ingress (ingress mode) or the client's path (host mode). */
  tcpMtuBytes: number;
}

/** Resolves a workload with `port`: `from` an external host, `to` a service, the port one it publishes. */
export function resolveExternal(w: WorkloadConfig, path: PropertyKey[], ctx: ExternalContext, issues: PathIssue[]): ResolvedExternal | undefined {
  const before = issues.length;
  const clientHost = ctx.hostIndex.get(w.from);
  if (clientHost === undefined) {
    issues.push({ path: [...path, 'from'], message: `an external client is a host of the underlay outside the swarm; "${w.from}" is not a host${didYouMean(w.from, ctx.hostIndex.keys())}` });
  }
  const service = ctx.services[w.to];
  if (service === undefined) {
    const known = Object.keys(ctx.services);
    issues.push({ path: [...path, 'to'], message: `unknown service "${w.to}"${didYouMean(w.to, known)}; a published port belongs to a service: ${listOf(known, 'services') || 'none declared'}` });
  }
  if (w.mode !== undefined) issues.push({ path: [...path, 'mode'], message: 'mode applies between services; an external client reaches the service as its published port says (ingress or host)' });
  if (w.network !== undefined) issues.push({ path: [...path, 'network'], message: 'an external client reaches the nodes over the bare underlay; the published port decides the rest, so remove network' });
  if (w.kind === 'ping') issues.push({ path: [...path, 'kind'], message: 'a published port carries TCP or UDP; a ping to a node is answered by the node itself' });
  if (clientHost === undefined || service === undefined || issues.length > before) return undefined;
  const portIndex = service.ports.findIndex((p) => p.published === w.port);
  const port = service.ports[portIndex];
  if (port === undefined) {
    const ports = service.ports.map((p) => p.published).join(', ');
    issues.push({ path: [...path, 'port'], message: `${w.to} does not publish port ${w.port}; ${ports === '' ? 'it publishes none: add ports to the service' : `it publishes ${ports}`}` });
    return undefined;
  }
  const protocol = w.kind === 'tcp-bulk' || w.kind === 'tcp-rpc' ? 'tcp' : 'udp';
  if (port.protocol !== protocol) issues.push({ path: [...path, 'kind'], message: `${w.to} publishes ${w.port}/${port.protocol}; a ${w.kind} workload sends ${protocol}` });
  const tasks = ctx.tasks.filter((t) => t.service === w.to);
  const taskHosts = new Set(tasks.map((t) => t.host));
  const nodes = nodesOf(w, path, port.mode, clientHost, taskHosts, ctx, issues);
  if (tasks.length === 0) issues.push({ path: [...path, 'to'], message: `${w.to} has no tasks (replicas: 0), so nothing answers on port ${w.port}` });
  const ingress = ctx.networks.get(INGRESS_NETWORK);
  if (nodes === undefined || issues.length > before || (port.mode === 'ingress' && ingress === undefined)) return undefined;
  const overlay: FlowPath = ingress
    ? { encap: ingress.encap, ipVersion: ctx.barePath(clientHost).ipVersion, innerMtu: ingress.containerMtu, outerDf: ingress.outerDf }
    : ctx.barePath(clientHost);
  const bareMtu = ctx.barePath(clientHost).innerMtu;
  return {
    clientHost,
    target: {
      service: w.to,
      publishedPort: port.published,
      mode: port.mode,
      nodes,
      backends: tasks.map((t) => ({ name: t.name, host: t.host })),
      scheduler: service.scheduler,
      weights: service.weights ?? [],
      overlay,
    },
    tcpMtuBytes: port.mode === 'ingress' ? Math.min(bareMtu, overlay.innerMtu) : bareMtu,
  };
}

/**
 * The nodes an external client sends to: those listed, else every node the port is open on
 * (every swarm node in ingress mode, the nodes of the tasks in host mode). In host mode a node
 * without a task has nothing listening: no external route.
 */
function nodesOf(
  w: WorkloadConfig,
  path: PropertyKey[],
  mode: 'ingress' | 'host',
  clientHost: number,
  taskHosts: Set<number>,
  ctx: ExternalContext,
  issues: PathIssue[],
): number[] | undefined {
  if (w.nodes === undefined) {
    const nodes = mode === 'ingress' ? [...ctx.swarmNodes] : [...taskHosts].sort((a, b) => a - b);
    if (nodes.length === 0) issues.push({ path: [...path, 'to'], message: `no node answers on port ${w.port} of ${w.to}: no external route` });
    return nodes;
  }
  const before = issues.length;
  const nodes: number[] = [];
  w.nodes.forEach((name, i) => {
    const at = [...path, 'nodes', i];
    const node = ctx.hostIndex.get(name);
    if (node === undefined) issues.push({ path: at, message: `unknown host "${name}"${didYouMean(name, ctx.hostIndex.keys())}` });
    else if (node === clientHost) issues.push({ path: at, message: `${name} is the external client itself; list swarm nodes` });
    else if (!ctx.swarmNodes.includes(node)) issues.push({ path: at, message: `${name} is an external client, not a swarm node: nothing listens on port ${w.port} there` });
    else if (mode === 'host' && !taskHosts.has(node)) {
      issues.push({ path: at, message: `no task of ${w.to} runs on ${name}, and port ${w.port} is published in host mode, so nothing listens there: no external route (use ingress mode or list nodes with a task)` });
    } else nodes.push(node);
  });
  return issues.length > before ? undefined : nodes;
}
