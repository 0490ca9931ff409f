import { didYouMean } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import { formatDurationNs } from '../core/units.ts';
import { shortfall } from '../model/service/ipam.ts';
import { addressDemand, type ResolvedNetwork, type Task } from './resolve-services.ts';
import type { ServiceConfig } from './schema-overlay.ts';
import type { ScenarioConfig } from './schema.ts';

/** A task starting or stopping during the run (a `scale` event or a rolling update). */
export interface TaskChange {
  atNs: number;
  /** The task, by name (`<service>.<n>`). */
  task: string;
  op: 'start' | 'stop';
  /** Index in `gossip.events` of the event that makes it. */
  event: number;
}

/** Tasks the run starts after t = 0 and every start and stop, in the order they happen. */
export interface TaskPlan {
  /** Tasks that start during the run, in the order they start, numbered on from the service's last. */
  laterTasks: Task[];
  changes: TaskChange[];
}

/**
 * Replays the `scale` and `update` events of `gossip.events` (by time, then as listed) over the
 * tasks placed at the start. A scale-up starts tasks numbered on from the service's highest,
 * each on the host that runs the fewest of its live tasks (then the lowest index) among the
 * hosts that run a task on one of its networks at the start (NetworkDB can only gossip an
 * endpoint of a host attached to the network); a scale-down stops the highest-numbered live
 * tasks. A rolling update replaces every live task in task order, `parallelism` at a time (0:
 * all), batch k at `at + k × delay`: each task stops and a new one starts on its host at the same
 * moment (start-up time is not modelled; `start-first` lists the start before the stop).
 */
export function planTaskChanges(config: ScenarioConfig, tasks: readonly Task[], issues: PathIssue[]): TaskPlan {
  const plan: TaskPlan = { laterTasks: [], changes: [] };
  const events = (config.gossip?.events ?? []).map((e, i) => ({ e, i })).filter((x) => x.e.kind === 'scale' || x.e.kind === 'update');
  if (events.length === 0) return plan;
  const live = new Map<string, Task[]>();
  const next = new Map<string, number>();
  for (const service of Object.keys(config.services)) {
    const mine = tasks.filter((t) => t.service === service);
    live.set(service, [...mine]);
    next.set(service, mine.length + 1);
  }
  const start = (service: string, host: number, atNs: number, event: number) => {
    const n = next.get(service) as number;
    next.set(service, n + 1);
    const task = { name: `${service}.${n}`, service, host };
    plan.laterTasks.push(task);
    (live.get(service) as Task[]).push(task);
    plan.changes.push({ atNs, task: task.name, op: 'start', event });
  };
  const stop = (service: string, task: Task, atNs: number, event: number) => {
    const list = live.get(service) as Task[];
    list.splice(list.indexOf(task), 1);
    plan.changes.push({ atNs, task: task.name, op: 'stop', event });
  };
  for (const { e, i } of events.sort((a, b) => a.e.at - b.e.at || a.i - b.i)) {
    if (e.kind !== 'scale' && e.kind !== 'update') continue;
    const config_ = config.services[e.service];
    if (config_ === undefined) {
      const names = Object.keys(config.services);
      issues.push({ path: ['gossip', 'events', i, 'service'], message: `unknown service "${e.service}"${didYouMean(e.service, names)}; services: ${names.join(', ') || 'none declared'}` });
      continue;
    }
    const list = live.get(e.service) as Task[];
    if (e.kind === 'scale') {
      const attached = new Set(tasks.filter((t) => config.services[t.service]?.networks.some((n) => config_.networks.includes(n))).map((t) => t.host));
      const hosts = [...attached].sort((a, b) => a - b);
      while (list.length > e.replicas) stop(e.service, list.reduce((a, b) => (taskNumber(b) > taskNumber(a) ? b : a)), e.at, i);
      while (list.length < e.replicas && hosts.length > 0) {
        const count = (h: number) => list.filter((t) => t.host === h).length;
        start(e.service, hosts.reduce((a, b) => (count(b) < count(a) ? b : a)), e.at, i);
      }
      continue;
    }
    const { parallelism, delay, order } = config_.update;
    const batch = parallelism === 0 ? Math.max(1, list.length) : parallelism;
    [...list].sort((a, b) => taskNumber(a) - taskNumber(b)).forEach((old, k) => {
      const atNs = e.at + Math.floor(k / batch) * delay;
      if (order === 'start-first') start(e.service, old.host, atNs, i);
      stop(e.service, old, atNs, i);
      if (order === 'stop-first') start(e.service, old.host, atNs, i);
    });
  }
  plan.changes.sort((a, b) => a.atNs - b.atNs);
  return plan;
}

/**
 * Checks that each overlay subnet holds its tasks, VIPs and load-balancer endpoints at every
 * moment of the run, not only at the start ({@link checkAddresses}): swarm gives a task its
 * address when it creates it and frees it when it removes it, so a scale-up or a start-first
 * update that outgrows the subnet leaves tasks without an address. Changes at one moment count
 * in the order they happen, so a start-first batch holds both tasks for that moment. The
 * problem is named at the event that first outgrows each subnet.
 */
export function checkAddressesDuringRun(
  networks: Map<string, ResolvedNetwork>,
  services: Record<string, ServiceConfig>,
  tasks: readonly Task[],
  plan: TaskPlan,
  issues: PathIssue[],
): void {
  if (plan.changes.length === 0) return;
  const byName = new Map([...tasks, ...plan.laterTasks].map((t) => [t.name, t]));
  const overlays = [...networks.values()].filter((n) => n.driver !== 'host' && n.prefix !== 0);
  const live = new Map(tasks.map((t) => [t.name, t]));
  const reported = new Set<string>();
  for (const change of plan.changes) {
    if (change.op === 'stop') {
      live.delete(change.task);
      continue;
    }
    const task = byName.get(change.task) as Task;
    live.set(task.name, task);
    for (const network of overlays) {
      if (reported.has(network.name) || !(services[task.service]?.networks.includes(network.name) ?? false)) continue;
      const short = shortfall(network.subnet, network.prefix, addressDemand(network.name, services, [...live.values()]));
      if (short === undefined) continue;
      reported.add(network.name);
      issues.push({
        path: ['gossip', 'events', change.event],
        message: `at ${formatDurationNs(change.atNs)} network ${network.name} runs out of addresses: ${short}; use a larger subnet or fewer replicas`,
      });
    }
  }
}

function taskNumber(t: Task): number {
  return Number(t.name.slice(t.name.lastIndexOf('.') + 1));
}
