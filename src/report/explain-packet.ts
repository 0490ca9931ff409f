import { isIdeal } from '../model/host/cpu-profile.ts';
import { localPathCpuNs } from '../model/host/local-path.ts';
import { segmentCostNs } from '../model/host/stack-cost.ts';
import type { ServiceTarget } from '../model/service/service-router.ts';
import type { FlowPath } from '../model/flow.ts';
import { type Encapsulation, encryptedBytes, IPV4_HEADER_BYTES, type IpVersion, wireBreakdown } from '../model/overlay/encapsulation.ts';
import { fragmentBytes, planFragments } from '../model/overlay/fragmentation.ts';
import type { ResolvedScenario, ResolvedWorkload } from '../scenario/resolve.ts';
import type { ResolvedHostCpu } from '../scenario/resolve-hosts.ts';
import { accessMtus } from '../scenario/resolve-topology.ts';
import { explainIngress, type IngressSteps } from './explain-ingress.ts';
import { pieceCpuNs } from './piece-cpu.ts';

/**
 * One packet of a workload, taken apart the way a sending host handles it (see `Host.send`):
 * fragmented to the container MTU, each piece charged CPU, encapsulated, and fragmented again
 * (DF clear) or dropped (DF set) when the outer packet exceeds the sender's link MTU.
 */
export interface PacketExplanation {
  workload: string;
  kind: ResolvedWorkload['kind'];
  /** Number of sender–receiver pairs of the workload; the first is explained. */
  pairCount: number;
  /** Sender and receiver as the scenario names them (hosts or tasks) and their hosts. */
  src: string;
  dst: string;
  srcHost: string;
  dstHost: string;
  /** Network name; empty between two hosts (the bare underlay). */
  network: string;
  encap: Encapsulation;
  ipVersion: IpVersion;
  /** MTU the sender fragments inner packets to (container MTU, or the host's link MTU), bytes. */
  innerMtuBytes: number;
  /** Whether outer packets carry DF. */
  outerDf: boolean;
  /** Application payload (UDP or ICMP echo data, or one MSS of TCP data), bytes. */
  payloadBytes: number;
  /** Transport header, bytes, and its name (`UDP`, `TCP` or `ICMP echo`); a TCP packet is a full-MSS segment. */
  transportHeaderBytes: number;
  transport: string;
  /** The inner IP packet the container sends, bytes. */
  packetBytes: number;
  /** Both ends on one host: the host-local path, no encapsulation or wire (see `localCpuNs`). */
  sameHost: boolean;
  /** On the host-local path: CPU for the whole packet, both stacks on the sender's core, ns (0 otherwise). */
  localCpuNs: number;
  /** Inner fragment sizes, bytes (one entry when the packet fits the inner MTU). */
  innerFragmentBytes: number[];
  /** Pieces grouped by size, in sending order (every inner fragment but the last shares a size). */
  pieces: PieceGroup[];
  /** The sender's first link (the one `links.csv` and throughput framing use). */
  link: { name: string; rateBps: number; framingBytes: number; mtuBytes: number; minWireBytes: number };
  /** Largest IP packet the sender puts on its links (smallest MTU of its links), bytes. */
  egressMtuBytes: number;
  cpu: ResolvedHostCpu;
  /** How the service layer routes the first connection, when the workload names a service. */
  service?: ServiceSteps;
  /** For an external client: the ingress node's steps (the pieces above end at the node). */
  ingress?: IngressSteps;
  /** With ingress, when the task runs on another node: the same packet on the extra hop over the ingress overlay. */
  ingressHop?: IngressHop;
  /** True for a profile that costs nothing (`none`): hosts are ideal. */
  idealHosts: boolean;
  /** The checksum is computed in software: offloads off, or an ICMP echo. */
  softwareChecksum: boolean;
  /**
   * TCP only: a full segment of this packet's size, as a CPU-bound stream sends them (one
   * GSO super-segment) and receives them (one GRO batch); undefined for other kinds.
   */
  fullSegment: { packets: number; cpuNs: number } | undefined;
  totals: PacketTotals;
}

/** The service layer's steps before and on each packet of a connection to a service. */
export interface ServiceSteps {
  service: string;
  mode: 'vip' | 'dnsrr';
  scheduler: string;
  /** Embedded DNS lookup on the client host before the connection, ns (0 with ideal hosts). */
  dnsLookupNs: number;
  /** IPVS and NAT per packet each way on the client host, ns (0 for dnsrr or ideal hosts). */
  ipvsNs: number;
  /** The service's task count. */
  tasks: number;
}

/** The extra hop of an external request, from the ingress node to a task on another node. */
interface IngressHop {
  encap: Encapsulation;
  innerMtuBytes: number;
  /** The ingress node's first link. */
  link: PacketExplanation['link'];
  egressMtuBytes: number;
  innerFragmentBytes: number[];
  pieces: PieceGroup[];
  totals: PacketTotals;
}

/** Pieces of one inner size and what happens to each of them. */
export interface PieceGroup {
  /** How many pieces have this size. */
  count: number;
  /** Inner IP size of the piece, bytes. */
  innerBytes: number;
  /** Layers of the outer packet, outermost first; they add up to `outerBytes`. */
  layers: { layer: string; bytes: number }[];
  /** Outer IP packet, bytes. */
  outerBytes: number;
  /** Bytes the cipher processes (0 unencrypted). */
  encryptedBytes: number;
  /** Outer fragment sizes on the first link (one entry when it fits; empty when dropped), bytes. */
  outerFragmentBytes: number[];
  /** DF set and the outer packet too big: the sender drops it ("fragmentation needed"). */
  droppedFragNeeded: boolean;
  /** Bytes on the first link's wire for one piece, framing and padding to the minimum frame included. */
  wireBytes: number;
  /** Of `wireBytes`, padding that brings short frames up to the link's minimum frame (Ethernet: 64 B, 84 B on the wire), bytes. */
  paddingBytes: number;
  /** Serialisation of one piece on the first link, ns (exact, not rounded). */
  serialisationNs: number;
  /** CPU one side spends on one piece sent or received alone (a segment of one), ns. */
  cpuNs: number;
}

/** The whole packet: all pieces and frames. */
export interface PacketTotals {
  pieces: number;
  frames: number;
  wireBytes: number;
  serialisationNs: number;
  senderCpuNs: number;
  /** CPU at the receiver for the pieces that reach it, ns. */
  receiverCpuNs: number;
  /** Some piece is dropped at the sender, so the packet never arrives. */
  lost: boolean;
  /** Wire bytes less payload, bytes. */
  overheadBytes: number;
}

/** Explains one packet of the first pair of `w` in `scenario`. */
export function explainPacket(scenario: ResolvedScenario, w: ResolvedWorkload): PacketExplanation {
  const pair = w.pairs[0];
  if (pair === undefined) throw new Error(`workload ${w.name} has no sender–receiver pair`);
  const { topology, hostCpu } = scenario;
  const srcHost = topology.hosts[pair.srcHost] as string;
  const link = firstLinkOf(topology, pair.srcHost);
  const egressMtuBytes = accessMtus(topology)[pair.srcHost] as number;
  const { path } = pair;
  // An external client's packet goes to the ingress node first (see `ingress`).
  const ingress = w.ingress ? explainIngress(scenario, w, w.ingress) : undefined;
  const sameHost = !ingress && pair.srcHost === pair.dstHost;
  const innerFragmentBytes = innerFragments(w.packetBytes, path.innerMtu);
  const idealHosts = isIdeal(hostCpu.profile);
  const softwareChecksum = !hostCpu.offloads.enabled || w.kind === 'ping';
  const localCpuNs = sameHost && !idealHosts ? innerFragmentBytes.reduce((a, bytes) => a + localPathCpuNs(hostCpu.profile, bytes, true, softwareChecksum, 0), 0) : 0;
  const pieces = sameHost ? [] : piecesOver(hostCpu, path, link, egressMtuBytes, innerFragmentBytes, softwareChecksum);
  // Containers speak IPv4: the inner packet is payload + transport header + 20 B.
  const transportHeaderBytes = w.packetBytes - w.payloadBytes - IPV4_HEADER_BYTES;
  return {
    workload: w.name,
    kind: w.kind,
    pairCount: w.pairs.length,
    src: pair.src,
    dst: ingress ? `${ingress.service}:${ingress.publishedPort}` : pair.dst,
    srcHost,
    dstHost: ingress ? ingress.node : (topology.hosts[pair.dstHost] as string),
    network: w.network,
    encap: path.encap,
    ipVersion: path.ipVersion,
    innerMtuBytes: path.innerMtu,
    outerDf: path.outerDf,
    payloadBytes: w.payloadBytes,
    transportHeaderBytes,
    transport: w.kind === 'ping' ? 'ICMP echo' : w.tcp ? (w.tcp.config.timestamps ? 'TCP with timestamps' : 'TCP') : 'UDP',
    packetBytes: w.packetBytes,
    sameHost,
    localCpuNs,
    innerFragmentBytes,
    pieces,
    link,
    egressMtuBytes,
    cpu: hostCpu,
    idealHosts,
    softwareChecksum,
    fullSegment: w.tcp && !sameHost ? fullSegment(hostCpu, path, w.packetBytes, idealHosts, softwareChecksum) : undefined,
    ...(w.service ? { service: serviceSteps(w.service, hostCpu) } : {}),
    ...(ingress ? { ingress } : {}),
    ...(w.ingress && ingress?.extraHop ? { ingressHop: ingressHopOf(scenario, w, w.ingress.overlay, w.ingress.nodes[0] as number, softwareChecksum) } : {}),
    totals: totalsOf(pieces, w.payloadBytes),
  };
}

function serviceSteps(target: ServiceTarget, hostCpu: ResolvedHostCpu): ServiceSteps {
  const ideal = isIdeal(hostCpu.profile);
  return {
    service: target.service,
    mode: target.mode,
    scheduler: target.scheduler,
    dnsLookupNs: ideal ? 0 : hostCpu.profile.dnsLookupNs,
    ipvsNs: ideal || target.mode === 'dnsrr' ? 0 : hostCpu.profile.ipvsNs,
    tasks: target.backends.length,
  };
}

/** The packet as the ingress node sends it on over the ingress overlay to a task elsewhere. */
function ingressHopOf(scenario: ResolvedScenario, w: ResolvedWorkload, path: FlowPath, node: number, softwareChecksum: boolean): IngressHop {
  const { topology, hostCpu } = scenario;
  const link = firstLinkOf(topology, node);
  const egressMtuBytes = accessMtus(topology)[node] as number;
  const innerFragmentBytes = innerFragments(w.packetBytes, path.innerMtu);
  const pieces = piecesOver(hostCpu, path, link, egressMtuBytes, innerFragmentBytes, softwareChecksum);
  return { encap: path.encap, innerMtuBytes: path.innerMtu, link, egressMtuBytes, innerFragmentBytes, pieces, totals: totalsOf(pieces, w.payloadBytes) };
}

/** The pieces of a packet cut into `innerFragmentBytes` on `path`, sent over `link`, grouped by size, each with its wire bytes and CPU. */
function piecesOver(hostCpu: ResolvedHostCpu, path: FlowPath, link: PacketExplanation['link'], egressMtuBytes: number, innerFragmentBytes: number[], softwareChecksum: boolean): PieceGroup[] {
  return groupSizes(innerFragmentBytes).map(({ bytes, count }) => explainPiece(bytes, count, path, egressMtuBytes, link, pieceCpuNs(hostCpu, path.encap, path.innerMtu, bytes, softwareChecksum)));
}

/** A host's first link, as links.csv and throughput framing use it. */
function firstLinkOf(topology: ResolvedScenario['topology'], host: number): PacketExplanation['link'] {
  const name = topology.hosts[host] as string;
  const spec = topology.links.find((l) => l.a === name || l.b === name);
  if (spec === undefined) throw new Error(`host ${name} has no link`);
  const { rateBps, framingBytes, mtuBytes, minWireBytes } = spec.params;
  return { name: `${name}->${spec.a === name ? spec.b : spec.a}`, rateBps, framingBytes, mtuBytes, minWireBytes };
}

/** Inner fragment sizes: containers speak IPv4 whatever the underlay is (as `Host.send`). */
function innerFragments(packetBytes: number, innerMtu: number): number[] {
  if (packetBytes <= innerMtu) return [packetBytes];
  const plan = planFragments(packetBytes, innerMtu, 4);
  return Array.from({ length: plan.count }, (_, i) => fragmentBytes(plan, i));
}

function explainPiece(
  innerBytes: number,
  count: number,
  path: ResolvedWorkload['pairs'][number]['path'],
  egressMtuBytes: number,
  link: PacketExplanation['link'],
  cpuNs: number,
): PieceGroup {
  const breakdown = wireBreakdown(path.encap, innerBytes, path.ipVersion, path.innerMtu);
  const outer = breakdown.outerBytes;
  const cipherBytes = encryptedBytes(path.encap, innerBytes, path.innerMtu);
  const droppedFragNeeded = outer > egressMtuBytes && path.outerDf;
  let outerFragmentBytes: number[] = [];
  if (!droppedFragNeeded) {
    const plan = planFragments(outer, egressMtuBytes, path.ipVersion);
    outerFragmentBytes = Array.from({ length: plan.count }, (_, i) => fragmentBytes(plan, i));
  }
  // As the link serialises it (LinkTx): a short frame is padded up to the minimum frame.
  const framedBytes = outerFragmentBytes.reduce((a, b) => a + b + link.framingBytes, 0);
  const wireBytes = outerFragmentBytes.reduce((a, b) => a + Math.max(b + link.framingBytes, link.minWireBytes), 0);
  return {
    count,
    innerBytes,
    layers: breakdown.layers,
    outerBytes: outer,
    encryptedBytes: cipherBytes,
    outerFragmentBytes,
    droppedFragNeeded,
    wireBytes,
    paddingBytes: wireBytes - framedBytes,
    serialisationNs: (wireBytes * 8e9) / link.rateBps,
    cpuNs,
  };
}

/**
 * A full segment of `packetBytes` TCP packets: as many as fit `gsoMaxBytes` within the NAPI
 * budget with offloads on, one with them off.
 */
function fullSegment(
  hostCpu: ResolvedHostCpu,
  path: ResolvedWorkload['pairs'][number]['path'],
  packetBytes: number,
  idealHosts: boolean,
  softwareChecksum: boolean,
): { packets: number; cpuNs: number } {
  const { offloads, profile } = hostCpu;
  const packets = offloads.enabled ? Math.max(1, Math.min(offloads.napiBudgetPackets, Math.floor(offloads.gsoMaxBytes / packetBytes))) : 1;
  const cipherBytes = packets * encryptedBytes(path.encap, packetBytes, path.innerMtu);
  const cpuNs = idealHosts ? 0 : segmentCostNs(profile, offloads.tunnel, path.encap, packets, packets * packetBytes, cipherBytes, softwareChecksum, 0, packets / offloads.napiBudgetPackets);
  return { packets, cpuNs };
}

function totalsOf(pieces: PieceGroup[], payloadBytes: number): PacketTotals {
  const t: PacketTotals = { pieces: 0, frames: 0, wireBytes: 0, serialisationNs: 0, senderCpuNs: 0, receiverCpuNs: 0, lost: false, overheadBytes: 0 };
  for (const p of pieces) {
    t.pieces += p.count;
    t.frames += p.count * p.outerFragmentBytes.length;
    t.wireBytes += p.count * p.wireBytes;
    t.serialisationNs += p.count * p.serialisationNs;
    t.senderCpuNs += p.count * p.cpuNs;
    if (p.droppedFragNeeded) t.lost = true;
    else t.receiverCpuNs += p.count * p.cpuNs;
  }
  t.overheadBytes = t.wireBytes - payloadBytes;
  return t;
}

/** Runs of equal sizes, in order: [1420, 1420, 300] → 2 × 1420, 1 × 300. */
export function groupSizes(sizes: readonly number[]): { bytes: number; count: number }[] {
  const groups: { bytes: number; count: number }[] = [];
  for (const bytes of sizes) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.bytes === bytes) last.count++;
    else groups.push({ bytes, count: 1 });
  }
  return groups;
}
