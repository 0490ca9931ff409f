import type { GossipCluster } from '../model/gossip/cluster.ts';
import { State, type TableEntry } from '../model/gossip/messages.ts';
import { type ScheduledTaskChange, TaskLifecycle } from '../model/service/task-lifecycle.ts';
import type { Simulation } from './build.ts';
import type { ResolvedScenario } from './resolve.ts';

/**
 * Joins the control plane to the service layer. A host that stops takes its tasks with it, and
 * each host drops a failed host's tasks from its IPVS tables and DNS when its own memberlist
 * declares that host dead or left (NetworkDB's NotifyLeave, see service-views.ts). Tasks that
 * `scale` events and rolling updates start and stop become NetworkDB endpoint creates and
 * deletes on the network their workload uses (see task-lifecycle.ts).
 */
export function feedServiceViews(cluster: GossipCluster, sim: Simulation, scenario: ResolvedScenario): void {
  const views = sim.serviceViews;
  if (views.slots === 0) return;
  cluster.nodeDown.connect((host) => views.hostDown(host));
  cluster.memberView.connect((observer, subject, state) => {
    if (state === State.Dead || state === State.Left) views.memberFailed(observer, subject);
  });
  const plan = scenario.taskPlan;
  const gossipNetworks = scenario.gossip?.networks ?? [];
  if (plan === undefined || !cluster.ndbCfg.enabled) return;
  const slotOf = new Map<string, { slot: number; network: number }>();
  const initialEntries = new Map<number, TableEntry>();
  for (const w of scenario.workloads) {
    const target = w.service;
    const network = gossipNetworks.findIndex((n) => n.name === w.network);
    if (target === undefined || network < 0) continue;
    // The network's initial endpoints are the tasks on it in task order, two entries each (endpoint_table first).
    const onNetwork = scenario.tasks.filter((t) => scenario.services[t.service]?.networks.includes(w.network)).map((t) => t.name);
    target.backends.forEach((b, i) => {
      const slot = views.slotOf(target.service, i);
      if (slotOf.has(b.name)) return;
      slotOf.set(b.name, { slot, network });
      const k = onNetwork.indexOf(b.name);
      const entry = k < 0 ? undefined : cluster.ndb.networks[network]?.entries[2 * k];
      if (entry !== undefined) initialEntries.set(slot, entry);
    });
  }
  const changes: ScheduledTaskChange[] = plan.changes.flatMap((c) => {
    const where = slotOf.get(c.task);
    return where === undefined ? [] : [{ atNs: c.atNs, op: c.op, ...where }];
  });
  new TaskLifecycle(cluster, views, changes, initialEntries);
}
