import { describe, expect, it } from 'vitest';
import { singleLink, testLinkParams } from '../../test-support/link-harness.ts';

describe('jitter adds delay but never reorders packets', () => {
  it('10 000 back-to-back packets with 50 µs of jitter arrive in send order, each within [delay, delay + jitter) of its exact departure', () => {
    const { ctx, sink, send } = singleLink(testLinkParams({ delayNs: 10_000, jitterNs: 50_000 }));
    for (let i = 0; i < 10_000; i++) send(125); // 1000 ns each at 1 Gbit/s
    ctx.scheduler.run();
    const ids = sink.arrivals.map((a) => a.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    let spread = 0;
    sink.arrivals.forEach((a, i) => {
      const departNs = (i + 1) * 1000;
      const extra = a.timeNs - departNs - 10_000;
      expect(extra).toBeGreaterThanOrEqual(0);
      // Holding a packet behind an earlier, later-drawn one can add up to one jitter span.
      expect(extra).toBeLessThan(50_000);
      spread = Math.max(spread, extra);
    });
    // The jitter really is applied (a check that fails if jitter were ignored).
    expect(spread).toBeGreaterThan(40_000);
  });
});
