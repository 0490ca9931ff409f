import { describe, expect, it } from 'vitest';
import { singleLink, testLinkParams } from '../../test-support/link-harness.ts';
import { ETHERNET_FRAMING_BYTES, ETHERNET_MIN_WIRE_BYTES, PPP_FRAMING_BYTES } from '../../scenario/schema.ts';

/**
 * Ethernet pads a frame to 64 B (IP payload of at least 46 B), so with preamble, SFD and gap a
 * short packet takes 84 B of wire time; PPP adds its 2 B and nothing more. At 1 Gbit/s a byte
 * is 8 ns.
 */
describe('Ethernet pads short frames to the 64-byte minimum; PPP does not', () => {
  const ethernet = { framingBytes: ETHERNET_FRAMING_BYTES, minWireBytes: ETHERNET_MIN_WIRE_BYTES };

  it('a 40 B packet (a bare TCP ACK) takes 84 × 8 = 672 ns on Ethernet', () => {
    const { ctx, sink, send } = singleLink(testLinkParams(ethernet));
    send(40);
    ctx.scheduler.run();
    expect(sink.arrivals[0]?.timeNs).toBe(672);
  });

  it('from 46 B of IP packet up the frame is unpadded: 46 → 84 × 8, 47 → 85 × 8 ns', () => {
    const { ctx, sink, send } = singleLink(testLinkParams(ethernet));
    send(46);
    send(47);
    ctx.scheduler.run();
    expect(sink.arrivals.map((a) => a.timeNs)).toEqual([672, 672 + 85 * 8]);
  });

  it('on PPP a 40 B packet takes (40 + 2) × 8 = 336 ns', () => {
    const { ctx, sink, send } = singleLink(testLinkParams({ framingBytes: PPP_FRAMING_BYTES, minWireBytes: 0 }));
    send(40);
    ctx.scheduler.run();
    expect(sink.arrivals[0]?.timeNs).toBe(336);
  });
});
