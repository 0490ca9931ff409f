/** Open segments a core tracks per stage (send, receive): Linux keeps up to 8 GRO flows per NAPI context. */
const SLOTS = 8;
/** Stages, as `Packet.cpuStage`. */
const STAGES = 2;

/** Limits of one segment. */
export interface SegmentLimits {
  /** Largest segment, bytes of inner IP packets. */
  maxBytes: number;
  /** Most packets in one segment: the NAPI budget with offloads on, 1 with them off. */
  maxPackets: number;
}

/**
 * Which segment each TCP packet a core works on belongs to. On send, packets of one flow that
 * reach the core while it is busy form one GSO/TSO super-segment (as a CPU-bound Linux sender
 * builds 64 KiB TSO frames from what waits in the socket); on receive, packets of one flow that
 * wait for the core form one GRO batch (what arrived back-to-back within one NAPI poll). A
 * segment ends at the byte or packet limit, or when the core goes idle (the poll completes and
 * GRO flushes), so a packet reaching an idle core is a segment of one. A core keeps a second
 * set with other limits for its application reads (see app-calls.ts): data queued for a reader
 * until the core idles or the read buffer is full. State lives in typed arrays: no allocation
 * per packet.
 */
export class SegmentBatches {
  private readonly flowIds = new Int32Array(STAGES * SLOTS).fill(-1);
  private readonly packets = new Int32Array(STAGES * SLOTS);
  private readonly bytes = new Float64Array(STAGES * SLOTS);
  /** Next slot each stage overwrites when every slot is taken (round robin). */
  private readonly victim = new Int32Array(STAGES);
  /** True once a segment was opened since the last {@link closeAll}: UDP-only cores never open one. */
  private anyOpen = false;

  constructor(private readonly limits: SegmentLimits) {}

  /** Places a packet of `sizeBytes` that the core starts on; true when it opens a new segment. */
  opens(stage: number, flowId: number, sizeBytes: number): boolean {
    const base = stage * SLOTS;
    let slot = -1;
    for (let i = base; i < base + SLOTS; i++) {
      if (this.flowIds[i] === flowId) {
        slot = i;
        break;
      }
    }
    if (slot >= 0 && (this.packets[slot] as number) < this.limits.maxPackets && (this.bytes[slot] as number) + sizeBytes <= this.limits.maxBytes) {
      this.packets[slot] = (this.packets[slot] as number) + 1;
      this.bytes[slot] = (this.bytes[slot] as number) + sizeBytes;
      return false;
    }
    if (slot < 0) slot = this.freeSlot(stage);
    this.anyOpen = true;
    this.flowIds[slot] = flowId;
    this.packets[slot] = 1;
    this.bytes[slot] = sizeBytes;
    return true;
  }

  /** The core went idle: every open segment ends. */
  closeAll(): void {
    // A core goes idle after most packets in a large run; fill() is a call into the runtime that
    // costs far more than this test (3 % of gossip-1000's time, whose cores carry no TCP).
    if (!this.anyOpen) return;
    this.anyOpen = false;
    this.flowIds.fill(-1);
  }

  private freeSlot(stage: number): number {
    const base = stage * SLOTS;
    for (let i = base; i < base + SLOTS; i++) if (this.flowIds[i] === -1) return i;
    const slot = base + (this.victim[stage] as number);
    this.victim[stage] = ((this.victim[stage] as number) + 1) % SLOTS;
    return slot;
  }
}
