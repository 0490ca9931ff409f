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

  /** Sends a packet one hop towards its destination host, choosing among equal-cost ports by flow hash. */
  protected forward(packet: Packet, nowNs: number): void {
    const set = this.portSets[this.routeSetOf[packet.dstHost] ?? -1];
    if (set === undefined) return this.ctx.drop(packet, nowNs, 'no-route');
    const port = set.length === 1 ? set[0] : set[mix32(packet.flowHash ^ this.hashSalt) % set.length];
    (port as LinkTx).send(packet, nowNs);
  }
}

/** A store-and-forward, output-queued switch: a received packet goes straight to an output port's queue. */
export class Switch extends NetNode {
  receive(packet: Packet, nowNs: number): void {
    this.forward(packet, nowNs);
  }
}
