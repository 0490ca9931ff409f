import { describe, expect, it } from 'vitest';
import { singleLink, testLinkParams } from '../../test-support/link-harness.ts';

describe('random loss on a link', () => {
  it.each([0.001, 0.01, 0.2])('drops a share p = %s of packets, within 4 binomial standard deviations', (p) => {
    const n = 200_000;
    const { ctx, link, sink, send } = singleLink(testLinkParams({ lossProbability: p }), 99);
    let lost = 0;
    link.dropped.connect((_pkt, _t, reason) => {
      expect(reason).toBe('loss');
      lost++;
    });
    for (let i = 0; i < n; i++) send(100);
    ctx.scheduler.run();
    expect(lost + sink.arrivals.length).toBe(n);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(lost - n * p)).toBeLessThan(4 * sd);
  });
});
