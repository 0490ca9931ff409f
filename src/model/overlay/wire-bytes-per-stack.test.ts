import { describe, expect, it } from 'vitest';
import { containerMtu, encryptedBytes, outerBytes, wireBreakdown } from './encapsulation.ts';

/**
 * Wire bytes of one UDP datagram per stack, computed by hand from the header sizes in
 * shared/reference/overlay-dataplane.md. L = payload + 8 (UDP) + 20 (IPv4) is the inner packet.
 *   bare underlay:  L
 *   VXLAN, IPv4:    L + 14 (inner Ethernet) + 8 (VXLAN) + 8 (UDP) + 20 (IPv4) = L + 50
 *   VXLAN, IPv6:    L + 14 + 8 + 8 + 40 = L + 70
 *   VXLAN + ESP:    P = L + 30 is the ESP payload; pad = (−(P + 2)) mod 4;
 *                   20 + 8 (SPI, seq) + 8 (IV) + P + pad + 2 + 8 (ICV) = L + 76 + pad
 *   WireGuard IPv4: 20 + 8 + 16 (header) + L padded to 16 + 16 (tag) = ceil16(L) + 60
 *   WireGuard IPv6: ceil16(L) + 80
 */
const PAYLOADS = [0, 1, 100, 1400, 1422, 1450, 1472, 8950];

// Hand-tabulated rows: payload → [L, bare, vxlan4, vxlan6, esp4, wg4, wg6].
const TABLE: Record<number, number[]> = {
  //      L     bare  vxlan4 vxlan6 esp4: pad         wg4: ceil16      wg6
  0: [28, 28, 78, 98, 28 + 76 + 0, 32 + 60, 32 + 80], // L=28: pad (−60) mod 4 = 0
  1: [29, 29, 79, 99, 29 + 76 + 3, 32 + 60, 32 + 80], // L=29: P+2 = 61, pad 3
  100: [128, 128, 178, 198, 128 + 76 + 0, 128 + 60, 128 + 80],
  1400: [1428, 1428, 1478, 1498, 1428 + 76 + 0, 1440 + 60, 1440 + 80],
  1422: [1450, 1450, 1500, 1520, 1450 + 76 + 2, 1456 + 60, 1456 + 80], // P+2 = 1482, pad 2
  1450: [1478, 1478, 1528, 1548, 1478 + 76 + 2, 1488 + 60, 1488 + 80],
  1472: [1500, 1500, 1550, 1570, 1500 + 76 + 0, 1504 + 60, 1504 + 80],
  8950: [8978, 8978, 9028, 9048, 8978 + 76 + 2, 8992 + 60, 8992 + 80],
};

describe('wire bytes per packet for each encapsulation stack', () => {
  it.each(PAYLOADS)('payload %i B', (payload) => {
    const [inner, bare, vxlan4, vxlan6, esp4, wg4, wg6] = TABLE[payload] as number[];
    expect(inner).toBe(payload + 28);
    const L = inner as number;
    expect(outerBytes('none', L, 4)).toBe(bare);
    expect(outerBytes('vxlan', L, 4)).toBe(vxlan4);
    expect(outerBytes('vxlan', L, 6)).toBe(vxlan6);
    expect(outerBytes('vxlan-esp', L, 4)).toBe(esp4);
    expect(outerBytes('vxlan-esp', L, 6)).toBe((esp4 as number) + 20);
    expect(outerBytes('wireguard', L, 4)).toBe(wg4);
    expect(outerBytes('wireguard', L, 6)).toBe(wg6);
    // The per-layer breakdown adds up to the same sizes.
    for (const [encap, ip] of [['none', 4], ['vxlan', 4], ['vxlan', 6], ['vxlan-esp', 4], ['wireguard', 6]] as const) {
      const b = wireBreakdown(encap, L, ip);
      expect(b.layers.reduce((a, l) => a + l.bytes, 0)).toBe(b.outerBytes);
      expect(b.outerBytes).toBe(outerBytes(encap, L, ip));
      expect(b.encryptedBytes).toBe(encryptedBytes(encap, L));
    }
  });

  it('the reference example: a 1424-byte inner packet fills exactly 1500 B under ESP; 64 B gives 140', () => {
    expect(outerBytes('vxlan-esp', 1424, 4)).toBe(1500);
    expect(outerBytes('vxlan-esp', 64, 4)).toBe(140);
    expect(outerBytes('vxlan', 64, 4)).toBe(114);
  });

  it('WireGuard never pads past the tunnel MTU', () => {
    expect(outerBytes('wireguard', 1420, 4, 1420)).toBe(1420 + 60);
    expect(outerBytes('wireguard', 1419, 4, 1420)).toBe(1420 + 60);
    expect(outerBytes('wireguard', 1409, 4, 1410)).toBe(1410 + 60); // 1424 would pass the MTU
    expect(outerBytes('wireguard', 1405, 4, 1410)).toBe(1408 + 60);
  });

  it.each([
    [1500, 1450, 1424, 1420],
    [9000, 8950, 8924, 8920],
    [1450, 1400, 1372, 1370],
    [1400, 1350, 1324, 1320],
  ])('underlay mtu %i gives container MTUs %i plain, %i encrypted (Docker), %i WireGuard (wg-quick)', (mtu, plain, encrypted, wg) => {
    expect(containerMtu('vxlan', mtu)).toBe(plain);
    expect(containerMtu('vxlan-esp', mtu)).toBe(encrypted);
    expect(containerMtu('wireguard', mtu)).toBe(wg);
    expect(containerMtu('none', mtu)).toBe(mtu);
  });
});
