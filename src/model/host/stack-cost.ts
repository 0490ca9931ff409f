import type { Encapsulation } from '../overlay/encapsulation.ts';
import type { CpuProfile } from './cpu-profile.ts';

/** Which offloads a host's devices have on (`ethtool -k`). */
export interface HostOffloads {
  /** TSO/GSO, GRO and checksum offload (`ethtool -K dev tso gso gro tx rx`); on by default on veth and modern NICs. */
  enabled: boolean;
  /** UDP-tunnel GSO/GRO for VXLAN (`tx-udp_tnl-segmentation`), so encapsulation is paid once per super-segment. */
  tunnel: boolean;
  /** Largest GSO super-segment or GRO batch, bytes of inner IP packets (Linux `gso_max_size`, 65536). */
  gsoMaxBytes: number;
  /** Packets one NAPI poll takes at most, which bounds a GRO batch (Linux's NAPI weight, 64). */
  napiBudgetPackets: number;
}

/** Linux's defaults: offloads on, GSO super-segments up to 64 KiB, NAPI weight 64. */
export const DEFAULT_OFFLOADS: HostOffloads = { enabled: true, tunnel: true, gsoMaxBytes: 65_536, napiBudgetPackets: 64 };

/**
 * CPU time one side spends on one wire packet, ns. `appCalls` is how many application writes
 * (sender) or reads (receiver) the packet is charged with, each paying one system call (see
 * src/model/host/app-calls.ts); `opensPoll` is true for the first packet of a NAPI poll (see
 * CpuCore), which pays the container path's per-poll cost on a VXLAN path. `opensSegment` is true for the first packet
 * of a segment (a GSO super-segment or a GRO batch, or a packet alone): it pays the per-segment
 * stack cost. Every packet pays the copy per byte, and the checksum per byte when
 * `softwareChecksum`. VXLAN is paid once per segment with UDP-tunnel offload, otherwise per
 * packet. ESP has no GSO: every wire packet pays VXLAN and the AEAD (fixed + per byte over
 * `cipherBytes`). WireGuard encrypts every packet with ChaCha20-Poly1305.
 */
export function packetCostNs(
  profile: CpuProfile,
  tunnelOffload: boolean,
  encap: Encapsulation,
  innerBytes: number,
  cipherBytes: number,
  opensSegment: boolean,
  softwareChecksum: boolean,
  appCalls: number,
  opensPoll: boolean,
): number {
  let ns = appCalls * profile.syscallNs + (opensSegment ? profile.segmentNs : 0) + innerBytes * (profile.copyNsPerByte + (softwareChecksum ? profile.checksumNsPerByte : 0));
  switch (encap) {
    case 'none':
      return ns;
    case 'vxlan':
      if (opensPoll) ns += profile.vxlanPollNs;
      return opensSegment || !tunnelOffload ? ns + profile.vxlanNs : ns;
    case 'vxlan-esp':
      if (opensPoll) ns += profile.vxlanPollNs;
      ns += profile.vxlanNs + profile.cryptoFixedNs + cipherBytes * profile.cryptoNsPerByte;
      return ns;
    case 'wireguard':
      return ns + profile.wireguardNs + profile.wireguardCryptoFixedNs + cipherBytes * profile.wireguardCryptoNsPerByte;
  }
}

/** The parts of a stack's cost on one side (per call, poll, segment, packet, byte and cipher byte), for reports (`explain`) and calibrate's fit. */
export interface StackCostParts {
  /** Paid once per NAPI poll (a batch of packets the core takes back to back), ns. */
  perPollNs: number;
  /** Paid once per application write (sender) or read (receiver): one system call, ns. */
  perCallNs: number;
  /** Paid once per segment (super-segment, GRO batch, or a packet alone), ns. */
  perSegmentNs: number;
  /** Paid per wire packet where no offload applies (every packet of the segment), ns. */
  perPacketNs: number;
  /** Paid per byte of inner IP packet, ns. */
  perByteNs: number;
  /** Paid per byte the cipher processes, ns (0 unencrypted). */
  perCipherByteNs: number;
}

/** How `packetCostNs` splits for a stack, with these offloads and checksum mode. */
export function stackCostParts(profile: CpuProfile, tunnelOffload: boolean, encap: Encapsulation, softwareChecksum: boolean): StackCostParts {
  const perByteNs = profile.copyNsPerByte + (softwareChecksum ? profile.checksumNsPerByte : 0);
  const parts = { perCallNs: profile.syscallNs, perPollNs: encap === 'vxlan' || encap === 'vxlan-esp' ? profile.vxlanPollNs : 0, perSegmentNs: profile.segmentNs, perPacketNs: 0, perByteNs, perCipherByteNs: 0 };
  if (encap === 'vxlan' && tunnelOffload) parts.perSegmentNs += profile.vxlanNs;
  if (encap === 'vxlan' && !tunnelOffload) parts.perPacketNs = profile.vxlanNs;
  if (encap === 'vxlan-esp') {
    parts.perPacketNs = profile.vxlanNs + profile.cryptoFixedNs;
    parts.perCipherByteNs = profile.cryptoNsPerByte;
  }
  if (encap === 'wireguard') {
    parts.perPacketNs = profile.wireguardNs + profile.wireguardCryptoFixedNs;
    parts.perCipherByteNs = profile.wireguardCryptoNsPerByte;
  }
  return parts;
}

/**
 * CPU time one side spends on one segment of `packets` wire packets carrying `innerBytes` in
 * all (and `cipherBytes` through the cipher), with `appCalls` application writes or reads and
 * `polls` NAPI polls (a fraction where the segment shares a poll), ns:
 * the per-host cost function for any path that moves bytes through a host's stack, such as a
 * container-to-container path on one host (`encap` 'none').
 */
export function segmentCostNs(
  profile: CpuProfile,
  tunnelOffload: boolean,
  encap: Encapsulation,
  packets: number,
  innerBytes: number,
  cipherBytes: number,
  softwareChecksum: boolean,
  appCalls: number,
  polls: number,
): number {
  const p = stackCostParts(profile, tunnelOffload, encap, softwareChecksum);
  return appCalls * p.perCallNs + polls * p.perPollNs + p.perSegmentNs + packets * p.perPacketNs + innerBytes * p.perByteNs + cipherBytes * p.perCipherByteNs;
}
