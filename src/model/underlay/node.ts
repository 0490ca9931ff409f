import type { PacketSink, SimContext } from '../context.ts';
import { mix32 } from '../flow.ts';
import type { Packet } from '../packet.ts';
import type { LinkTx } from './link-tx.ts';

/**
 * A host or switch: it owns the transmit sides of its links (its ports) and a static routing
 * table from destination host to the set of equal-cost next-hop ports.
 */
export abstract class NetNode implements PacketSink {
  /** Outgoing link directions, in the order links were attached. */
  readonly ports: LinkTx[] = [];
  /** For each destination host index, an index into {@link portSets}, or -1 when unreachable. */
  routeSetOf: Int32Array = new Int32Array(0);
  /** Distinct sets of equal-cost next-hop ports. */
  portSets: LinkTx[][] = [];
  /**
   * The port every other host is reached through, when there is one (a host with one uplink):
   * forwarding then skips the table, whose row would be a cache miss per packet in a large run.
   */
  onlyRoute: LinkTx | undefined;
  /** Per-node hash salt, so ECMP choices at successive hops are independent. */
  private readonly hashSalt: number;

  constructor(
    /** Index among all nodes (hosts first, then switches). */
    readonly index: number,
    readonly name: string,
    protected readonly ctx: SimContext,
  ) {
    this.hashSalt = mix32(index + 0x9e3779b9);
  }

  abstract receive(packet: Packet, nowNs: number): void;

  /** The port towards `dstHost` for a flow of hash `flowHash` (ECMP by hash), or undefined when there is no route. */
  nextHop(dstHost: number, flowHash: number): LinkTx | undefined {
    if (this.onlyRoute !== undefined && dstHost !== this.index) return this.onlyRoute;
    const set = this.portSets[this.routeSetOf[dstHost] ?? -1];
    if (set === undefined) return undefined;
    return set.length === 1 ? set[0] : set[mix32(flowHash ^ this.hashSalt) % set.length];
  }

  /** Sends a packet one hop towards its destination host. */
  protected forward(packet: Packet, nowNs: number): void {
    const port = this.nextHop(packet.dstHost, packet.flowHash);
    if (port === undefined) return this.ctx.drop(packet, nowNs, 'no-route');
    port.send(packet, nowNs);
  }
}

/** A store-and-forward, output-queued switch: a received packet goes straight to an output port's queue. */
export class Switch extends NetNode {
  receive(packet: Packet, nowNs: number): void {
    this.forward(packet, nowNs);
  }
}
