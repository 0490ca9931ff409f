import { describe, expect, it } from 'vitest';
import { encryptedBytes } from '../overlay/encapsulation.ts';
import { CPU_PROFILES, type CpuProfile } from './cpu-profile.ts';
import { type HostOffloads, packetCostNs, segmentCostNs } from './stack-cost.ts';

const aesni = CPU_PROFILES.aesni as CpuProfile;
const noAesni = CPU_PROFILES['no-aesni'] as CpuProfile;

/** A segment's cost packet by packet: the first opens it, the others join. */
function packetByPacket(profile: CpuProfile, tunnel: boolean, encap: Parameters<typeof packetCostNs>[2], packets: number, innerBytes: number, mtu: number): number {
  let ns = 0;
  for (let i = 0; i < packets; i++) ns += packetCostNs(profile, tunnel, encap, innerBytes, encryptedBytes(encap, innerBytes, mtu), i === 0, false, 0, false);
  return ns;
}

describe('stack cost per segment, per packet and per byte (aesni, by hand)', () => {
  it('10 packets of 1450 B through VXLAN: VXLAN once with tunnel offload, 10 times without', () => {
    // segment 1986 + 14 500 B × 0.449 = 8496.5 ns, + 3075 (tunnel offload) or + 10 × 3075.
    expect(packetByPacket(aesni, true, 'vxlan', 10, 1450, 1450)).toBeCloseTo(1986 + 14_500 * 0.449 + 3075, 6);
    expect(packetByPacket(aesni, false, 'vxlan', 10, 1450, 1450)).toBeCloseTo(1986 + 14_500 * 0.449 + 10 * 3075, 6);
  });

  it('ESP pays VXLAN and the AEAD per wire packet, even with every offload on', () => {
    // 1424 B inner: ESP payload 1454, pad 0, trailer 2 → 1456 B through AES-128-GCM at 0.82 / 3.6 ns/B.
    const perPacket = 3075 + 370 + (1456 * 0.82) / 3.6;
    expect(packetByPacket(aesni, true, 'vxlan-esp', 10, 1424, 1424)).toBeCloseTo(1986 + 14_240 * 0.449 + 10 * perPacket, 6);
  });

  it('WireGuard encrypts every packet with ChaCha20-Poly1305 whatever the ESP cipher', () => {
    // 1400 B inner, padded to 1408 (under the 1420 B tunnel MTU): 3075 + 100 + 1408 × 1.8 / 3.6
    // per packet with AVX2 (aesni); 3.1 cycles/B without (no-aesni), never AES-GCM's 11.
    expect(packetByPacket(aesni, true, 'wireguard', 2, 1400, 1420)).toBeCloseTo(1986 + 2800 * 0.449 + 2 * (3075 + 100 + 1408 * 0.5), 6);
    expect(packetByPacket(noAesni, true, 'wireguard', 1, 1400, 1420)).toBeCloseTo(1986 + 1400 * 0.449 + 3075 + 100 + (1408 * 3.1) / 3.6, 6);
  });

  it('segmentCostNs (the per-host function other paths use) agrees with the packet-by-packet sum', () => {
    const offloads: HostOffloads = { enabled: true, tunnel: true, gsoMaxBytes: 65_536, napiBudgetPackets: 64 };
    for (const encap of ['none', 'vxlan', 'vxlan-esp', 'wireguard'] as const) {
      for (const tunnel of [true, false]) {
        const cipher = 43 * encryptedBytes(encap, 1400, 1420);
        expect(segmentCostNs(aesni, tunnel && offloads.tunnel, encap, 43, 43 * 1400, cipher, false, 0, 0)).toBeCloseTo(packetByPacket(aesni, tunnel, encap, 43, 1400, 1420), 6);
      }
    }
  });
});
