import { SERVICE_COSTS } from '../service/costs.ts';

/**
 * CPU costs of moving packets through a host, per side (sender or receiver), split the way the
 * Linux stack spends them: once per segment (a GSO/TSO super-segment on send, a GRO batch on
 * receive), once per wire packet where no offload applies, and per byte. Figures from
 * shared/reference/overlay-dataplane.md; see {@link CPU_PROFILES} for each one's source.
 */
export interface CpuProfile {
  /** Profile name, shown in reports. */
  name: string;
  /** Stack traversal once per segment per side (skb, IP/TCP, qdisc, device, softirq; the system call too where syscallNs is 0), ns. */
  segmentNs: number;
  /**
   * One system call that moves application data, per side, ns: paid once per application write
   * on the sender (`sendmsg`/`write`) and once per read on the receiver (`recvmsg`/`read`),
   * whatever the segments and packets the data becomes. Linux enters the kernel once per call:
   * a UDP datagram is one write and one read (the socket keeps datagram boundaries), while one
   * TCP write of 128 KiB becomes ≈ 90 MSS-sized packets (or two 64 KiB GSO super-segments) and
   * the receiver reads whatever has queued up to its buffer. See src/model/host/app-calls.ts for
   * where the model places writes and reads.
   */
  syscallNs: number;
  /** Per byte of the inner IP packet per side (the copy between user and kernel), ns. */
  copyNsPerByte: number;
  /** Per byte per side when the checksum is computed in software (offloads off; ICMP always), ns. */
  checksumNsPerByte: number;
  /**
   * VXLAN encapsulation or decapsulation per side (veth, bridge, vxlan device and the outer
   * UDP/IP layers), ns: once per super-segment with UDP-tunnel offload, otherwise per wire packet.
   */
  vxlanNs: number;
  /**
   * The container path's extra work per NAPI poll per side, ns: each NET_RX softirq run polls
   * the backlog the container's veth feeds (and, receiving, the VXLAN device's GRO cell) once,
   * whatever number of packets it then takes, up to the NAPI budget. A UDP datagram is a poll
   * of its own; the packets of a TCP stream that reach a busy core share one. Paid on VXLAN
   * paths (with or without ESP).
   */
  vxlanPollNs: number;
  /** WireGuard device per wire packet per side, not counting the cipher, ns. */
  wireguardNs: number;
  /** ESP's AEAD name, for reports. */
  cipher: string;
  /** ESP: fixed cost of one AEAD operation (per wire packet), ns. */
  cryptoFixedNs: number;
  /** ESP: cipher cost per byte encrypted or decrypted, ns. */
  cryptoNsPerByte: number;
  /** WireGuard's ChaCha20-Poly1305: fixed cost per wire packet, ns. */
  wireguardCryptoFixedNs: number;
  /** WireGuard's ChaCha20-Poly1305: cost per byte, ns. */
  wireguardCryptoNsPerByte: number;
  /** IPVS scheduling and NAT on the client host of a service VIP, per segment each way, ns (see src/model/service/costs.ts). */
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
 * The kernel path, from the local veth vs VXLAN experiment (§7 of the reference): CPU per UDP
 * datagram in the sender's context (veth delivers in that context, so it holds both sides'
 * stack work), for 64 B and 1400 B payloads, plain veth and through VXLAN. A UDP datagram is
 * its own segment and no offload applies to it, so these figures isolate the per-segment, the
 * per-byte and the per-packet VXLAN cost:
 * - per byte: the slope (4.6 − 4.0) µs / (1400 − 64) B = 0.449 ns/B (3 digits), one copy per side;
 * - per segment: half the 64 B cost less its bytes, (4000 − 64 × 0.449) / 2 = 1986 ns (rounded);
 * - VXLAN: half the mean extra of the two sizes, ((10.9 − 4.0) + (10.0 − 4.6)) / 4 = 3075 ns.
 */
const UDP_SMALL = { payloadBytes: 64, plainNs: 4000, vxlanNs: 10_900 };
const UDP_LARGE = { payloadBytes: 1400, plainNs: 4600, vxlanNs: 10_000 };
const COPY_NS_PER_BYTE = Number(((UDP_LARGE.plainNs - UDP_SMALL.plainNs) / (UDP_LARGE.payloadBytes - UDP_SMALL.payloadBytes)).toPrecision(3));
const KERNEL_PATH = {
  segmentNs: Math.round((UDP_SMALL.plainNs - UDP_SMALL.payloadBytes * COPY_NS_PER_BYTE) / 2),
  /**
   * Chosen, not measured: 0, so the system call stays inside segmentNs as the UDP experiment
   * above measured it (one datagram is one segment and one call, so it cannot tell them apart).
   * A profile from `overlaysim calibrate` splits them, from TCP runs that make far fewer calls
   * than segments.
   */
  syscallNs: 0,
  copyNsPerByte: COPY_NS_PER_BYTE,
  /**
   * Chosen, not measured: Linux folds the software checksum into the copy when a device cannot
   * offload it (csum_and_copy_from_user on send, skb_copy_and_csum_datagram on receive), so the
   * extra pass costs next to nothing beside the copy's memory traffic.
   */
  checksumNsPerByte: 0,
  vxlanNs: (UDP_SMALL.vxlanNs - UDP_SMALL.plainNs + (UDP_LARGE.vxlanNs - UDP_LARGE.plainNs)) / 4,
  /**
   * Chosen, not measured: 0, so the per-poll work stays inside vxlanNs as the UDP experiment
   * above measured it (a datagram is one poll and one packet). `overlaysim calibrate` splits it.
   */
  vxlanPollNs: 0,
  /** Chosen: no kernel measurement of the WireGuard device in the reference; taken as VXLAN's. */
  wireguardNs: (UDP_SMALL.vxlanNs - UDP_SMALL.plainNs + (UDP_LARGE.vxlanNs - UDP_LARGE.plainNs)) / 4,
};

/**
 * WireGuard always uses ChaCha20-Poly1305: ≈ 1.7–1.9 cycles/B with AVX2 (OpenSSL's published
 * figures, §6.1; 1.76 measured at 1500 B, §6.3). Fixed part from the 64-byte rate, ≈ 515 MB/s
 * ≈ 0.124 µs per 64 B, less 64 × 1.8 / 3.6 ≈ 0.03 µs: ≈ 0.1 µs.
 */
const CHACHA_AVX2 = { fixedNs: 100, nsPerByte: nsPerByte(1.8) };

/** Built-in profiles, by the name a scenario uses. */
export const CPU_PROFILES: Readonly<Record<string, CpuProfile>> = {
  /**
   * ESP with AES-128-GCM, AES-NI + PCLMUL: ≈ 0.82 cpb on bulk data and ≈ 0.35–0.39 µs fixed per
   * operation, measured with OpenSSL on a 3.6 GHz Zen 4 core (§6.3); published 0.63–1.0 cpb (§6.1).
   */
  aesni: {
    name: 'aesni',
    ...KERNEL_PATH,
    ...SERVICE_COSTS,
    cipher: 'aes-128-gcm',
    cryptoFixedNs: 370,
    cryptoNsPerByte: nsPerByte(0.82),
    wireguardCryptoFixedNs: CHACHA_AVX2.fixedNs,
    wireguardCryptoNsPerByte: CHACHA_AVX2.nsPerByte,
  },
  /**
   * ESP with AES-128-GCM without AES-NI: ≈ 11 cpb bulk (local, §6.3; 15–17 cpb published, §6.1).
   * Fixed part from the 64-byte rate, 65 MB/s ≈ 0.98 µs per 64 B, less 64 × 11 / 3.6 ≈ 0.2 µs:
   * ≈ 0.8 µs. A CPU without AES-NI has no AVX2 either: WireGuard's ChaCha20-Poly1305 runs at
   * ≈ 3.1 cycles/B with extended features masked (§6.3), fixed part as with AVX2.
   */
  'no-aesni': {
    name: 'no-aesni',
    ...KERNEL_PATH,
    ...SERVICE_COSTS,
    cipher: 'aes-128-gcm',
    cryptoFixedNs: 800,
    cryptoNsPerByte: nsPerByte(11),
    wireguardCryptoFixedNs: CHACHA_AVX2.fixedNs,
    wireguardCryptoNsPerByte: nsPerByte(3.1),
  },
  /** ESP with ChaCha20-Poly1305 (rfc7539esp), AVX2: the same cipher WireGuard uses. */
  chacha20: {
    name: 'chacha20',
    ...KERNEL_PATH,
    ...SERVICE_COSTS,
    cipher: 'chacha20-poly1305',
    cryptoFixedNs: CHACHA_AVX2.fixedNs,
    cryptoNsPerByte: CHACHA_AVX2.nsPerByte,
    wireguardCryptoFixedNs: CHACHA_AVX2.fixedNs,
    wireguardCryptoNsPerByte: CHACHA_AVX2.nsPerByte,
  },
  /** Ideal hosts: packets cross hosts in zero time and no core is ever busy. */
  none: {
    name: 'none',
    segmentNs: 0,
    syscallNs: 0,
    copyNsPerByte: 0,
    checksumNsPerByte: 0,
    vxlanNs: 0,
    vxlanPollNs: 0,
    wireguardNs: 0,
    cipher: 'none',
    cryptoFixedNs: 0,
    cryptoNsPerByte: 0,
    wireguardCryptoFixedNs: 0,
    wireguardCryptoNsPerByte: 0,
    ipvsNs: 0,
    dnsLookupNs: 0,
  },
};

/** The numeric cost fields of a profile. */
export const COST_FIELDS = [
  'segmentNs',
  'syscallNs',
  'copyNsPerByte',
  'checksumNsPerByte',
  'vxlanNs',
  'vxlanPollNs',
  'wireguardNs',
  'cryptoFixedNs',
  'cryptoNsPerByte',
  'wireguardCryptoFixedNs',
  'wireguardCryptoNsPerByte',
  'ipvsNs',
  'dnsLookupNs',
] as const satisfies readonly (keyof CpuProfile)[];

/** True when the profile costs nothing, so hosts skip the CPU model entirely. */
export function isIdeal(profile: CpuProfile): boolean {
  return COST_FIELDS.every((field) => profile[field] === 0);
}
