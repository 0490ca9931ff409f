import { describe, expect, it } from 'vitest';
import type { EventTarget } from '../../core/event-queue.ts';
import { singleLink, testLinkParams } from '../../test-support/link-harness.ts';

describe('a link serialises then propagates, exact to the nanosecond', () => {
  it('1500 B at 1 Gbit/s with Ethernet framing and 5 µs delay arrives at (1500 + 38) × 8 + 5000 ns', () => {
    const { ctx, sink, send } = singleLink(testLinkParams({ framingBytes: 38, delayNs: 5000 }));
    send(1500);
    ctx.scheduler.run();
    // 1538 B × 8 bit / 1e9 bit/s = 12 304 ns of serialisation, then 5 000 ns on the wire.
    expect(sink.arrivals).toEqual([{ timeNs: 17_304, id: 0, sizeBytes: 1500 }]);
  });

  it('1500 B at 1 Gbit/s without framing takes exactly 12 000 ns', () => {
    const { ctx, sink, send } = singleLink(testLinkParams());
    send(1500);
    ctx.scheduler.run();
    expect(sink.arrivals[0]?.timeNs).toBe(12_000);
  });

  it('back-to-back packets queue behind each other: a trace computed by hand', () => {
    // 10 Gbit/s, PPP framing (2 B), 1 µs delay. Sizes 100, 1500, 64 B sent at t = 0, 0, 500 ns.
    const { ctx, sink, send } = singleLink(testLinkParams({ rateBps: 10e9, framingBytes: 2, delayNs: 1000 }));
    // Exact ends of the burst: 102 × 0.8 = 81.6, + 1502 × 0.8 = 1283.2, + 66 × 0.8 = 1336.0 ns.
    // Each end is rounded to the nanosecond, the error carried to the next packet: 82, 1283, 1336.
    send(100);
    send(1500);
    const later: EventTarget = { onEvent: () => void send(64) };
    ctx.scheduler.scheduleAt(500, later); // arrives while the second packet is on the line
    ctx.scheduler.run();
    expect(sink.arrivals.map((a) => [a.timeNs, a.sizeBytes])).toEqual([
      [82 + 1000, 100],
      [1283 + 1000, 1500],
      [1336 + 1000, 64],
    ]);
  });

  it('a long burst of 64 B frames at 100 Gbit/s ends within 0.5 ns of exact (no rounding drift)', () => {
    const { ctx, sink, send } = singleLink(testLinkParams({ rateBps: 100e9, framingBytes: 38 }));
    for (let i = 0; i < 10_000; i++) send(64);
    ctx.scheduler.run();
    // 102 B × 8 / 100e9 = 8.16 ns each; plain rounding would make it 8 ns (2% too fast).
    expect(sink.arrivals.at(-1)?.timeNs).toBe(81_600);
  });

  it('packets larger than the MTU are dropped and counted, not delivered', () => {
    const { ctx, link, sink, send } = singleLink(testLinkParams({ mtuBytes: 1500 }));
    const reasons: string[] = [];
    link.dropped.connect((_p, _t, reason) => reasons.push(reason));
    send(1501);
    send(1500);
    ctx.scheduler.run();
    expect(reasons).toEqual(['mtu-exceeded']);
    expect(sink.arrivals).toHaveLength(1);
  });
});
