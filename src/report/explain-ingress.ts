import { isIdeal } from '../model/host/cpu-profile.ts';
import type { IngressTarget } from '../model/service/ingress-router.ts';
import type { Encapsulation } from '../model/overlay/encapsulation.ts';
import type { ResolvedScenario, ResolvedWorkload } from '../scenario/resolve.ts';
import { pieceCpuNs } from './piece-cpu.ts';

/**
 * An external client's request at the node it reached (the first of the workload's nodes): the
 * ingress sandbox's IPVS, DNAT and SNAT, and whether the task it picks runs elsewhere, so the
 * request takes the extra hop over the ingress overlay (its pieces are in the packet's
 * explanation). Replies come back the same way because of the SNAT.
 */
export interface IngressSteps {
  service: string;
  publishedPort: number;
  protocol: string;
  mode: 'ingress' | 'host';
  /** The node the request reached. */
  node: string;
  /** Tasks of the service in all, and on that node. */
  tasks: number;
  tasksOnNode: number;
  /** The task explained: one on another node when there is one (ingress mode), else the node's own. */
  task: string;
  taskHost: string;
  scheduler: string;
  /** IPVS with DNAT and SNAT per packet on the node, each way, ns (0 in host mode or with ideal hosts). */
  ipvsNs: number;
  /** CPU of receiving one piece of the client's packet on the node (bare underlay), ns. */
  nodeReceiveCpuNs: number;
  /** The task runs on another node: the request takes the extra hop over the ingress overlay. */
  extraHop: boolean;
}

/** The ingress steps of workload `w`'s first connection, sent to its first node. */
export function explainIngress(scenario: ResolvedScenario, w: ResolvedWorkload, target: IngressTarget): IngressSteps {
  const { topology, hostCpu } = scenario;
  const node = target.nodes[0] as number;
  const onNode = target.backends.filter((b) => b.host === node);
  const elsewhere = target.backends.find((b) => b.host !== node);
  const task = (target.mode === 'ingress' && elsewhere) || onNode[0] || (target.backends[0] as { name: string; host: number });
  const cpuOf = (encap: Encapsulation, bytes: number, mtu: number) => pieceCpuNs(hostCpu, encap, mtu, bytes, !hostCpu.offloads.enabled);
  const bare = (w.pairs[0] as ResolvedWorkload['pairs'][number]).path;
  const steps: IngressSteps = {
    service: target.service,
    publishedPort: target.publishedPort,
    protocol: w.tcp ? 'tcp' : 'udp',
    mode: target.mode,
    node: topology.hosts[node] as string,
    tasks: target.backends.length,
    tasksOnNode: onNode.length,
    task: task.name,
    taskHost: topology.hosts[task.host] as string,
    scheduler: target.scheduler,
    ipvsNs: target.mode === 'host' || isIdeal(hostCpu.profile) ? 0 : hostCpu.profile.ipvsNs,
    nodeReceiveCpuNs: cpuOf('none', Math.min(w.packetBytes, bare.innerMtu), bare.innerMtu),
    extraHop: task.host !== node,
  };
  return steps;
}
