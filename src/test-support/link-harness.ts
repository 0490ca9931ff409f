import { RandomStreams } from '../core/rng.ts';
import { Scheduler } from '../core/scheduler.ts';
import { type PacketSink, SimContext } from '../model/context.ts';
import type { Packet } from '../model/packet.ts';
import { type LinkDirectionParams, LinkTx } from '../model/underlay/link-tx.ts';

/** Link parameters for tests: 1 Gbit/s, no delay, no framing, no loss, unlimited queue. */
export function testLinkParams(overrides: Partial<LinkDirectionParams> = {}): LinkDirectionParams {
  return {
    rateBps: 1e9,
    delayNs: 0,
    jitterNs: 0,
    lossProbability: 0,
    framingBytes: 0,
    minWireBytes: 0,
    mtuBytes: 65535,
    queueLimitPackets: Infinity,
    queueLimitBytes: Infinity,
    ...overrides,
  };
}

/** A sink that records (arrival time, packet id) and releases packets. */
export class RecordingSink implements PacketSink {
  readonly arrivals: { timeNs: number; id: number; sizeBytes: number }[] = [];
  constructor(private readonly ctx: SimContext) {}
  receive(packet: Packet, nowNs: number): void {
    this.arrivals.push({ timeNs: nowNs, id: packet.id, sizeBytes: packet.sizeBytes });
    this.ctx.pool.release(packet);
  }
}

/** One link direction from nowhere into a recording sink, with its own scheduler. */
export function singleLink(params: LinkDirectionParams, seed = 1) {
  const ctx = new SimContext(new Scheduler(), new RandomStreams(seed));
  const sink = new RecordingSink(ctx);
  const link = new LinkTx('a->b', params, ctx, ctx.streams.stream('link/a->b'), sink);
  /** Hands a fresh packet of `sizeBytes` to the link at the current time. */
  const send = (sizeBytes: number) => {
    const p = ctx.pool.acquire();
    p.sizeBytes = sizeBytes;
    p.flowId = 0;
    link.send(p, ctx.scheduler.nowNs);
    return p.id;
  };
  return { ctx, link, sink, send };
}
