import type { EventTarget } from '../../core/event-queue.ts';
import { Ring } from '../../core/ring.ts';
import type { RandomStream } from '../../core/rng.ts';
import type { SimContext } from '../context.ts';
import type { FlowInfo } from '../flow.ts';
import type { Host } from '../host/host.ts';
import { PacketKind } from '../packet.ts';
import { nextSendExactNs, sendDatagram, type Spacing } from '../traffic/packet-source.ts';
import type { RequestTraces } from './service-rpc-client.ts';
import type { ServiceRouter, ServiceTarget } from './service-router.ts';
import type { ServiceViews } from './service-views.ts';

/**
 * IPVS's idle timeout of a UDP connection entry: 5 minutes (`udp_timeouts[IP_VS_UDP_S_NORMAL]
 * = 5*60*HZ`, Linux net/netfilter/ipvs/ip_vs_proto_udp.c). A flow silent for longer is
 * scheduled afresh by its next datagram.
 */
export const IPVS_UDP_TIMEOUT_NS = 300_000_000_000;

const ARRIVAL = 0;
const SEND = 1;

/**
 * One client of a UDP workload (udp-cbr or udp-poisson) sent to a service while the hosts'
 * views can change (the scenario has a gossip control plane). Its datagrams share one source
 * address and port, so they form one flow: one IPVS connection entry on the client host in
 * VIP mode, one resolved address in dnsrr mode.
 *
 * VIP: the first datagram is scheduled by the client host's IPVS table and the entry then
 * keeps every datagram on that task. The entry does not notice that the task died: until the
 * client host's view drops the task (libnetwork removes the real server when its NetworkDB
 * deletes or hides the endpoint entry) datagrams go to the dead address and are lost. Docker
 * sets `net.ipv4.vs.expire_nodest_conn=1` in every load-balancer and ingress sandbox
 * (libnetwork/osl/namespace_linux.go `ApplyOSTweaks`; moby/libnetwork PR #2491, 2019, set
 * it with `expire_quiescent_template=1` and `conn_reuse_mode=0`; moby PR #43146 and #43670,
 * 2022, apply it to each new `lb_*` and `ingress_sbox` namespace). With it, Linux ≥ 5.9
 * expires every entry of a deleted real server from a delayed work queued at the deletion
 * (kernel commit 35dfb013149f, "ipvs: queue delayed work to expire no destination
 * connections if expire_nodest_conn=1"), so the next datagram is scheduled afresh to a task
 * the host still holds. The work's one-jiffy delay (1 to 10 ms) is not modelled: a datagram
 * sent within it would meet the entry first and be dropped as it is expired, so the model may
 * count one datagram per flow too few. An entry idle for {@link IPVS_UDP_TIMEOUT_NS} expires
 * too.
 *
 * dnsrr: the client resolves the name when it starts and sends to the first address of the
 * answer, as a UDP socket connected to that address does. With `dnsCacheTtl` 0 a UDP flow is
 * one "connection" and never resolves again; with a TTL it resolves again with the first
 * datagram after its answer expired (the lookup delays that datagram) and goes on to the
 * first address of the new answer.
 *
 * A datagram sent to a task that no longer runs, or when the host holds no task, is counted
 * lost when it is sent and not simulated further (nothing answers a lost datagram, so the
 * client never learns of it); one sent to a running task goes out on the flow to that task.
 * Sending stops when the client's own host goes down.
 */
export class ServiceUdpClient implements EventTarget {
  /** Index of the task the flow's datagrams go to; −1 while the host holds none. */
  private backend = -1;
  /** When the last datagram was made, ns (the IPVS entry's idle timer). */
  private lastNs = -Infinity;
  /** When the dnsrr answer expires, ns. */
  private answerExpiresNs = Infinity;
  private readonly seqOf: number[];
  /** The client host's live view of the service's tasks (1 = it holds the task); undefined: all, always. */
  private readonly known: Uint8Array | undefined;
  /** The global slot of the service's first task (see ServiceViews.slotOf): a task's slot is this plus its index, looked up once, not per datagram. */
  private readonly firstSlot: number;
  private readonly pendingBackend = new Ring<number>();
  private made = 0;
  private firstNs = 0;
  private nextExactNs = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly host: Host,
    private readonly router: ServiceRouter,
    private readonly views: ServiceViews,
    private readonly traces: RequestTraces,
    private readonly workload: string,
    private readonly client: string,
    private readonly target: ServiceTarget,
    /** One flow from this client to each task of the service, in task order. */
    private readonly flows: readonly FlowInfo[],
    private readonly spacing: Spacing,
    /** Interval (constant) or mean gap (Poisson), ns. */
    private readonly intervalNs: number,
    private readonly packetBytes: number,
    private readonly payloadBytes: number,
    startNs: number,
    private readonly stopNs: number,
    private readonly rng: RandomStream,
  ) {
    this.seqOf = new Array<number>(flows.length).fill(0);
    this.known = views.rowOf(host.index, target.service);
    this.firstSlot = views.slotOf(target.service, 0);
    const route = router.connect(workload, client, host.index, target, startNs);
    this.backend = route.backend;
    this.lastNs = route.startNs;
    if (target.mode === 'dnsrr' && target.dnsCacheTtlNs > 0) this.answerExpiresNs = startNs + target.dnsCacheTtlNs;
    this.firstNs = route.startNs;
    this.nextExactNs = route.startNs;
    if (route.startNs < stopNs) ctx.scheduler.postAt(route.startNs, this, ARRIVAL);
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind === SEND) {
      this.send(this.pendingBackend.shift() as number, nowNs);
      return;
    }
    if (this.views.hostUp[this.host.index] === 0) return;
    this.datagram(nowNs);
    this.made++;
    this.nextExactNs = nextSendExactNs(this.spacing, this.firstNs, this.made, this.intervalNs, this.nextExactNs, this.rng);
    const nextNs = Math.round(this.nextExactNs);
    if (nextNs < this.stopNs) this.ctx.scheduler.postAt(Math.max(nextNs, nowNs), this, ARRIVAL);
  }

  private datagram(nowNs: number): void {
    const target = this.target;
    let sendNs = nowNs;
    if (target.mode === 'vip') {
      const known = this.known;
      const expired = this.backend < 0 || (known !== undefined && known[this.backend] === 0) || nowNs - this.lastNs >= IPVS_UDP_TIMEOUT_NS;
      if (expired) this.backend = this.router.tableOf(this.host.index, target).pick();
    } else if (nowNs >= this.answerExpiresNs) {
      const route = this.router.connect(this.workload, this.client, this.host.index, target, nowNs);
      this.backend = route.backend;
      this.answerExpiresNs = nowNs + target.dnsCacheTtlNs;
      sendNs = route.startNs;
    }
    this.lastNs = nowNs;
    const slot = this.backend < 0 || this.firstSlot < 0 ? -1 : this.firstSlot + this.backend;
    if (slot < 0 || !this.views.isAlive(slot)) {
      this.traces.failed.emit(this.host.index, slot, 0);
      return;
    }
    this.traces.routed.emit(this.host.index, slot, undefined);
    if (sendNs === nowNs) {
      this.send(this.backend, nowNs);
      return;
    }
    this.pendingBackend.push(this.backend);
    this.ctx.scheduler.postAt(sendNs, this, SEND);
  }

  private send(backend: number, nowNs: number): void {
    const seq = this.seqOf[backend] as number;
    this.seqOf[backend] = seq + 1;
    sendDatagram(this.ctx, this.host, this.flows[backend] as FlowInfo, PacketKind.Data, this.packetBytes, this.payloadBytes, seq, nowNs);
  }
}
