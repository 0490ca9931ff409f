import type { Packet } from './packet.ts';

/**
 * A first-in first-out queue of packets linked through their own {@link Packet.next} field. A
 * packet waits in one queue at a time (a link's queue, its wire, a core's backlog), so one link
 * field per packet serves them all; pushing and shifting touch only the queue and the packets
 * at its ends, never an array, which in a large run keeps a cache miss off each packet-hop.
 */
export class PacketFifo {
  private count = 0;
  private head: Packet | undefined = undefined;
  private tail: Packet | undefined = undefined;

  /** Packets queued. */
  get length(): number {
    return this.count;
  }

  push(packet: Packet): void {
    packet.next = undefined;
    if (this.tail === undefined) this.head = packet;
    else this.tail.next = packet;
    this.tail = packet;
    this.count++;
  }

  /** The oldest packet, or undefined when empty. */
  peek(): Packet | undefined {
    return this.head;
  }

  /** Removes and returns the oldest packet, or undefined when empty. */
  shift(): Packet | undefined {
    const packet = this.head;
    if (packet === undefined) return undefined;
    this.head = packet.next;
    if (this.head === undefined) this.tail = undefined;
    packet.next = undefined;
    this.count--;
    return packet;
  }
}
