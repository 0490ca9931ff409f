import { describe, expect, it } from 'vitest';
import { fragmentBytes, planFragments } from './fragmentation.ts';

function sizes(packetBytes: number, mtu: number, ip: 4 | 6): number[] {
  const plan = planFragments(packetBytes, mtu, ip);
  return Array.from({ length: plan.count }, (_, i) => fragmentBytes(plan, i));
}

describe('IP fragment sizes', () => {
  it('a packet that fits is one piece of its own size', () => {
    expect(sizes(1450, 1450, 4)).toEqual([1450]);
  });

  it('IPv4: 8978 B at MTU 1450 → 20 + 1424 data per fragment (1430 rounded down to 8), 7 fragments', () => {
    // Data 8958 B; unit floor((1450 − 20) / 8) × 8 = 1424; 6 × 1424 = 8544, last 414.
    expect(sizes(8978, 1450, 4)).toEqual([1444, 1444, 1444, 1444, 1444, 1444, 434]);
  });

  it('IPv4: a 1550-byte VXLAN packet on a 1500 link → 1500 + 70', () => {
    // Data 1530; unit floor(1480 / 8) × 8 = 1480; second fragment 50 B of data.
    expect(sizes(1550, 1500, 4)).toEqual([1500, 70]);
  });

  it('IPv6: fragments carry 40 + 8 bytes of headers; 1520 B at MTU 1500 → 1496 + 80', () => {
    // Data 1480; unit floor((1500 − 48) / 8) × 8 = 1448; last 32 B of data.
    expect(sizes(1520, 1500, 6)).toEqual([1496, 80]);
  });

  it('the fragments carry every data byte exactly once', () => {
    for (const [bytes, mtu] of [
      [65535, 1500],
      [3000, 576],
      [1501, 1500],
    ]) {
      const total = sizes(bytes as number, mtu as number, 4).reduce((a, s) => a + s - 20, 0);
      expect(total).toBe((bytes as number) - 20);
    }
  });
});
