import { describe, expect, it } from 'vitest';
import type { EventTarget } from '../../core/event-queue.ts';
import { singleLink, testLinkParams } from '../../test-support/link-harness.ts';

describe("a link's queue area is the time integral of the packets waiting", () => {
  it('four 1500 B packets at once on 1 Gbit/s: a trace computed by hand', () => {
    // Each packet takes 1500 × 8 = 12 000 ns. The first starts at once; three wait, then two from
    // 12 000 ns, one from 24 000 ns, none from 36 000 ns. The area (packet·ns) therefore grows at
    // 3 per ns until 12 000, 2 per ns until 24 000, 1 per ns until 36 000, then stays at
    // 3 × 12 000 + 2 × 12 000 + 12 000 = 72 000.
    const { ctx, link, send } = singleLink(testLinkParams());
    for (let i = 0; i < 4; i++) send(1500);
    const seen: [number, number][] = [];
    const probe = (atNs: number): EventTarget => ({ onEvent: (_kind, nowNs) => void seen.push([atNs, link.queueAreaPacketNsUntil(nowNs)]) });
    for (const atNs of [6000, 18_000, 30_000, 50_000]) ctx.scheduler.scheduleAt(atNs, probe(atNs));
    ctx.scheduler.run();
    expect(seen).toEqual([
      [6000, 3 * 6000],
      [18_000, 3 * 12_000 + 2 * 6000],
      [30_000, 3 * 12_000 + 2 * 12_000 + 6000],
      [50_000, 72_000],
    ]);
    // The area equals the sum of the three waits (12 000 + 24 000 + 36 000 ns), as Little's law
    // says: the mean queue over the first 36 µs is 72 000 / 36 000 = 2 packets.
    expect(link.queueAreaPacketNsUntil(36_000) / 36_000).toBe(2);
  });
});
