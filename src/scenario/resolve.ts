import { isIdeal } from '../model/host/cpu-profile.ts';
import type { IpVersion } from '../model/overlay/encapsulation.ts';
import type { ResolvedHostCpu } from './resolve-hosts.ts';
import { resolveHostCpu } from './resolve-hosts.ts';
import { checkAddresses, placeTasks, type ResolvedNetwork, resolveNetworks, type Task } from './resolve-services.ts';
import { accessMtus, checkTopology } from './resolve-topology.ts';
import { type MeasureWindow, measureWindowOf, type ResolvedWorkload, resolveWorkload, type WorkloadContext } from './resolve-workloads.ts';
import { didYouMean } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';
import type { ServiceConfig } from './schema-overlay.ts';
import { expandTopology, type TopologySpec } from './topology-spec.ts';
import type { GossipSpec } from '../model/gossip/spec.ts';
import { resolveGossip } from './resolve-gossip.ts';
import { checkAddressesDuringRun, planTaskChanges, type TaskPlan } from './resolve-task-events.ts';
import { checkIngressAddresses, checkPublishedPorts, externalClientHosts, INGRESS_NETWORK, withIngressNetwork } from './resolve-ingress.ts';

export type { ResolvedWorkload } from './resolve-workloads.ts';

/** Everything a run needs, with names resolved and units converted. */
export interface ResolvedScenario {
  name: string;
  description: string;
  seed: number;
  durationNs: number;
  /** Length of the intervals of intervals.csv, ns; absent when the scenario asks for none. */
  intervalNs?: number;
  /** The scenario's measurement window (links and every workload without its own); undefined: the whole run. */
  measure?: MeasureWindow;
  topology: TopologySpec;
  /** IP version of the underlay. */
  ipVersion: IpVersion;
  hostCpu: ResolvedHostCpu;
  networks: ResolvedNetwork[];
  /** Services by name, as configured (networks, endpoint mode, scheduler). */
  services: Record<string, ServiceConfig>;
  tasks: Task[];
  workloads: ResolvedWorkload[];
  /** The gossip control plane, when the scenario has a `gossip:` section. */
  gossip?: GossipSpec;
  /** Tasks that `scale` events and rolling updates start and stop during the run; absent without such events. */
  taskPlan?: TaskPlan;
}

/** Hosts, switches and links of an underlay; an abstract underlay is hosts only (gossip over the abstract transport). */
export function topologyOf(u: ScenarioConfig['underlay']): TopologySpec {
  return u.topology === 'abstract' ? { hosts: Array.from({ length: u.hosts }, (_, i) => `h${i + 1}`), switches: [], links: [] } : expandTopology(u);
}

/** A semantic problem found after the schema passed: a path and a message. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Checks cross-references (names, networks, subnets, times against the duration) and turns
 * the validated config into a {@link ResolvedScenario}. Returns the issues instead when any.
 * `scenarioDir` anchors relative paths (CPU profile files).
 */
export function resolveScenario(config: ScenarioConfig, scenarioDir = '.'): ResolvedScenario | PathIssue[] {
  const issues: PathIssue[] = [];
  const u = config.underlay;
  const topology = topologyOf(u);
  if (u.topology === 'abstract' && config.workloads.length > 0) issues.push({ path: ['workloads'], message: 'workloads need a packet-level underlay (explicit, star or leaf-spine); the abstract underlay carries gossip only' });
  checkTopology(config, issues);
  const hostIndex = new Map(topology.hosts.map((h, i) => [h, i]));
  const hostCpu = resolveHostCpu(config.hosts, scenarioDir, issues);
  const networks = resolveNetworks(withIngressNetwork(config), issues);
  for (const [service, s] of Object.entries(config.services)) {
    if (hostIndex.has(service) || topology.switches.includes(service)) {
      issues.push({ path: ['services', service], message: `service "${service}" has the name of an underlay node; a workload's from or to could not tell them apart, so rename the service` });
    }
    s.networks.forEach((n, i) => {
      if (!networks.has(n)) issues.push({ path: ['services', service, 'networks', i], message: `unknown network "${n}"${didYouMean(n, networks.keys())}; networks: ${[...networks.keys()].join(', ') || 'none declared'}` });
      else if (s.networks.indexOf(n) < i) issues.push({ path: ['services', service, 'networks', i], message: `network "${n}" is listed twice (also at networks[${s.networks.indexOf(n)}]); a task attaches to a network once` });
    });
  }
  const externals = externalClientHosts(config.workloads, hostIndex);
  const swarmNodes = [...hostIndex.values()].filter((h) => !externals.has(h));
  const tasks = placeTasks(config.services, hostIndex, issues, externals);
  checkAddresses(networks, config.services, tasks, issues);
  checkPublishedPorts(config, networks, tasks, topology.hosts, issues);
  checkIngressAddresses(networks.get(INGRESS_NETWORK), config.services, tasks, swarmNodes.length, issues);

  const taskPlan = planTaskChanges(config, tasks, issues);
  checkAddressesDuringRun(networks, config.services, tasks, taskPlan, issues);

  const measure = config.measure ? measureWindowOf(config.measure, ['measure'], config.duration, issues) : undefined;
  const ctx: WorkloadContext = {
    durationNs: config.duration,
    measure,
    hostIndex,
    accessMtu: accessMtus(topology),
    ipVersion: config.underlay.ipVersion,
    networks,
    services: config.services,
    tasks,
    idealHosts: isIdeal(hostCpu.profile),
    swarmNodes,
    laterTasks: taskPlan.laterTasks,
  };
  const names = new Map<string, number>();
  const workloads: ResolvedWorkload[] = [];
  config.workloads.forEach((w, i) => {
    const path = ['workloads', i];
    const first = names.get(w.name);
    if (first !== undefined) issues.push({ path: [...path, 'name'], message: `duplicate workload name "${w.name}", already used by workloads[${first}]` });
    else names.set(w.name, i);
    const resolved = resolveWorkload(w, path, ctx, issues);
    if (resolved !== undefined) workloads.push(resolved);
  });
  const gossip = config.gossip ? resolveGossip(config, config.gossip, topology.hosts, tasks, issues) : undefined;
  if (issues.length > 0) return issues;
  return {
    ...(gossip ? { gossip } : {}),
    name: config.name,
    description: config.description ?? '',
    seed: config.seed,
    durationNs: config.duration,
    ...(config.intervals === undefined ? {} : { intervalNs: config.intervals }),
    ...(measure ? { measure } : {}),
    topology,
    ipVersion: config.underlay.ipVersion,
    hostCpu,
    networks: [...networks.values()],
    services: config.services,
    tasks,
    workloads,
    ...(taskPlan.changes.length > 0 ? { taskPlan } : {}),
  };
}
