import type { Encapsulation } from '../overlay/encapsulation.ts';
import { SERVICE_COSTS } from '../service/costs.ts';

/**
 * CPU costs of moving packets through a host, per packet and per side (sender or receiver).
 * Figures from shared/reference/overlay-dataplane.md; see each built-in profile.
 */
export interface CpuProfile {
  /** Profile name, shown in reports. */
  name: string;
  /** Network stack traversal per packet per side (socket, IP, driver), ns. */
  stackNs: number;
  /** Extra per-packet cost of VXLAN encapsulation or decapsulation (veth, bridge, vxlan device), ns. */
  vxlanNs: number;
  /** Extra per-packet cost of the WireGuard device (not counting the cipher), ns. */
  wireguardNs: number;
  /** Cipher name, for reports. */
  cipher: string;
  /** Fixed cost of one AEAD operation (per packet), ns. */
  cryptoFixedNs: number;
  /** Cipher cost per byte encrypted or decrypted, ns. */
  cryptoNsPerByte: number;
  /** IPVS scheduling and NAT on the client host of a service VIP, per packet each way, ns (see src/model/service/costs.ts). */
  ipvsNs: number;
  /** One embedded DNS lookup on the client host, ns (see src/model/service/costs.ts). */
  dnsLookupNs: number;
}

/** The measured effective core clock of the reference machine, GHz (§6.3). */
export const REFERENCE_CLOCK_GHZ = 3.6;

/** ns per byte of a cipher running at `cyclesPerByte` on a core of `clockGHz`. */
export function nsPerByte(cyclesPerByte: number, clockGHz = REFERENCE_CLOCK_GHZ): number {
  return cyclesPerByte / clockGHz;
}

/**
 * Per-packet stack and VXLAN costs, per side, from the local veth vs VXLAN experiment (§7):
 * a 1400-byte UDP datagram cost ≈ 4.6 µs of CPU on the bare path and ≈ 10.0 µs through the
 * overlay, both ends in one context; half of each is one side's share: 2.3 µs of stack and
 * 2.7 µs more for VXLAN. WireGuard's device path is taken as costing the same as VXLAN's
 * (no measurement in the reference). Cycles per byte convert at the measured ≈ 3.6 GHz (§6.3).
 */
const PATH_COSTS = { stackNs: 2300, vxlanNs: 2700, wireguardNs: 2700, ...SERVICE_COSTS };

/** Built-in profiles, by the name a scenario uses. */
export const CPU_PROFILES: Readonly<Record<string, CpuProfile>> = {
  /**
   * AES-128-GCM with AES-NI + PCLMUL: ≈ 0.82 cpb on bulk data and ≈ 0.35–0.39 µs fixed per
   * operation, measured with OpenSSL on a 3.6 GHz Zen 4 core (§6.3); published 0.63–1.0 cpb (§6.1).
   */
  aesni: { name: 'aesni', ...PATH_COSTS, cipher: 'aes-128-gcm', cryptoFixedNs: 370, cryptoNsPerByte: nsPerByte(0.82) },
  /**
   * AES-128-GCM without AES-NI: ≈ 11 cpb bulk (local, §6.3; 15–17 cpb published, §6.1). Fixed
   * part from the 64-byte rate, 65 MB/s ≈ 0.98 µs per 64 B, less 64 × 11 / 3.6 ≈ 0.2 µs: ≈ 0.8 µs.
   */
  'no-aesni': { name: 'no-aesni', ...PATH_COSTS, cipher: 'aes-128-gcm', cryptoFixedNs: 800, cryptoNsPerByte: nsPerByte(11) },
  /**
   * ChaCha20-Poly1305 with AVX2: ≈ 1.7–1.9 cpb (§6.1, §8). Fixed part from the 64-byte rate,
   * ≈ 515 MB/s ≈ 0.124 µs per 64 B, less 64 × 1.8 / 3.6 ≈ 0.03 µs: ≈ 0.1 µs.
   */
  chacha20: { name: 'chacha20', ...PATH_COSTS, cipher: 'chacha20-poly1305', cryptoFixedNs: 100, cryptoNsPerByte: nsPerByte(1.8) },
  /** Ideal hosts: packets cross hosts in zero time and no core is ever busy. */
  none: { name: 'none', stackNs: 0, vxlanNs: 0, wireguardNs: 0, cipher: 'none', cryptoFixedNs: 0, cryptoNsPerByte: 0, ipvsNs: 0, dnsLookupNs: 0 },
};

/** True when the profile costs nothing, so hosts skip the CPU model entirely. */
export function isIdeal(profile: CpuProfile): boolean {
  return (
    profile.stackNs === 0 &&
    profile.vxlanNs === 0 &&
    profile.wireguardNs === 0 &&
    profile.cryptoFixedNs === 0 &&
    profile.cryptoNsPerByte === 0 &&
    profile.ipvsNs === 0 &&
    profile.dnsLookupNs === 0
  );
}

/**
 * CPU time one side spends on one packet, ns: stack traversal, the encapsulation device and
 * the cipher over `encryptedBytes`. Segmentation offload batches `offloadBatch` packets per
 * traversal of the stack and device, dividing those costs; it does not apply to encrypted
 * traffic, since ESP and WireGuard largely remove GSO/GRO batching (§2.3).
 */
export function packetCpuNs(profile: CpuProfile, encap: Encapsulation, encryptedBytes: number, offloadBatch: number): number {
  const device = encap === 'vxlan' || encap === 'vxlan-esp' ? profile.vxlanNs : encap === 'wireguard' ? profile.wireguardNs : 0;
  if (encryptedBytes === 0) return (profile.stackNs + device) / offloadBatch;
  return profile.stackNs + device + profile.cryptoFixedNs + encryptedBytes * profile.cryptoNsPerByte;
}
