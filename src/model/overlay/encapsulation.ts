/**
 * Wire sizes of each encapsulation stack. All sizes are IP packet sizes in bytes (link framing
 * excluded). Facts from shared/reference/overlay-dataplane.md, sections 1.1, 2.2 and 3.
 */

/** Which stack carries a container's packets across the underlay. */
export type Encapsulation = 'none' | 'vxlan' | 'vxlan-esp' | 'wireguard';

/** The underlay's IP version (outer headers). */
export type IpVersion = 4 | 6;

/** IPv4 header without options. */
export const IPV4_HEADER_BYTES = 20;
/** IPv6 fixed header. */
export const IPV6_HEADER_BYTES = 40;
/** UDP header. */
export const UDP_HEADER_BYTES = 8;
/** VXLAN header. */
export const VXLAN_HEADER_BYTES = 8;
/** Inner Ethernet header carried inside VXLAN (no FCS). */
export const INNER_ETHERNET_BYTES = 14;

/**
 * Docker's `vxlanEncap`: inner Ethernet 14 + outer IPv4 20 + outer UDP 8 + VXLAN 8 = 50 B.
 * Docker subtracts only this, even on IPv6 underlays (`maxMTU()` has no IPv6 branch).
 */
export const DOCKER_VXLAN_ENCAP_BYTES = 50;
/** Docker's ESP `pktExpansion`: SPI 4 + sequence 4 + IV 8 + pad length 1 + next header 1 + ICV 8. */
export const DOCKER_ESP_EXPANSION_BYTES = 26;
/** ESP header: SPI 4 + sequence number 4. */
export const ESP_HEADER_BYTES = 8;
/** Explicit IV of rfc4106(gcm(aes)). */
export const ESP_IV_BYTES = 8;
/** ESP trailer: pad length 1 + next header 1. */
export const ESP_TRAILER_BYTES = 2;
/** ICV (authentication tag) as Docker configures it: 64 bits. */
export const ESP_ICV_BYTES = 8;
/** ESP aligns payload + trailer to 4 bytes. */
export const ESP_ALIGN_BYTES = 4;
/** WireGuard data message header: type 4 + receiver index 4 + counter 8. */
export const WIREGUARD_HEADER_BYTES = 16;
/** Poly1305 tag. */
export const WIREGUARD_TAG_BYTES = 16;
/** WireGuard pads plaintext to a multiple of 16 bytes (capped at the tunnel MTU). */
export const WIREGUARD_PADDING_BYTES = 16;
/** wg-quick sets the tunnel MTU to the underlying MTU − 80 (room for an IPv6 outer header). */
export const WIREGUARD_MTU_OVERHEAD_BYTES = 80;

function outerIpBytes(ip: IpVersion): number {
  return ip === 4 ? IPV4_HEADER_BYTES : IPV6_HEADER_BYTES;
}

/** Bytes of one packet, layer by layer, outermost first; they add up to `outerBytes`. */
export interface WireBreakdown {
  layers: { layer: string; bytes: number }[];
  /** Size of the outer IP packet on the underlay. */
  outerBytes: number;
  /** Bytes the cipher processes (0 when not encrypted). */
  encryptedBytes: number;
}

/**
 * The outer packet for an inner IP packet of `innerBytes` (what the container sent), with every
 * layer named. `tunnelMtu` caps WireGuard's padding.
 */
export function wireBreakdown(encap: Encapsulation, innerBytes: number, ip: IpVersion, tunnelMtu = Infinity): WireBreakdown {
  const outerIp = { layer: `outer IPv${ip}`, bytes: outerIpBytes(ip) };
  if (encap === 'none') return { layers: [{ layer: 'IP packet', bytes: innerBytes }], outerBytes: innerBytes, encryptedBytes: 0 };
  if (encap === 'wireguard') {
    const padded = wireguardPaddedBytes(innerBytes, tunnelMtu);
    const layers = [
      outerIp,
      { layer: 'outer UDP', bytes: UDP_HEADER_BYTES },
      { layer: 'WireGuard header', bytes: WIREGUARD_HEADER_BYTES },
      { layer: 'inner IP packet', bytes: innerBytes },
      { layer: 'padding to 16 B', bytes: padded - innerBytes },
      { layer: 'Poly1305 tag', bytes: WIREGUARD_TAG_BYTES },
    ];
    return { layers, outerBytes: sum(layers), encryptedBytes: padded };
  }
  const vxlan = [
    { layer: 'outer UDP', bytes: UDP_HEADER_BYTES },
    { layer: 'VXLAN header', bytes: VXLAN_HEADER_BYTES },
    { layer: 'inner Ethernet', bytes: INNER_ETHERNET_BYTES },
    { layer: 'inner IP packet', bytes: innerBytes },
  ];
  if (encap === 'vxlan') {
    const layers = [outerIp, ...vxlan];
    return { layers, outerBytes: sum(layers), encryptedBytes: 0 };
  }
  // ESP transport mode wraps the VXLAN UDP datagram: P = UDP + VXLAN + inner Ethernet + inner IP.
  const espPayload = espPayloadBytes(innerBytes);
  const pad = espPadBytes(espPayload);
  const layers = [
    outerIp,
    { layer: 'ESP SPI + sequence', bytes: ESP_HEADER_BYTES },
    { layer: 'ESP IV', bytes: ESP_IV_BYTES },
    ...vxlan,
    { layer: 'ESP padding', bytes: pad },
    { layer: 'ESP pad length + next header', bytes: ESP_TRAILER_BYTES },
    { layer: 'ESP ICV', bytes: ESP_ICV_BYTES },
  ];
  return { layers, outerBytes: sum(layers), encryptedBytes: espPayload + pad + ESP_TRAILER_BYTES };
}

/** Outer IP packet size for an inner packet of `innerBytes`; the hot-path form of {@link wireBreakdown}. */
export function outerBytes(encap: Encapsulation, innerBytes: number, ip: IpVersion, tunnelMtu = Infinity): number {
  switch (encap) {
    case 'none':
      return innerBytes;
    case 'vxlan':
      return innerBytes + outerIpBytes(ip) + UDP_HEADER_BYTES + VXLAN_HEADER_BYTES + INNER_ETHERNET_BYTES;
    case 'vxlan-esp':
      return outerIpBytes(ip) + ESP_HEADER_BYTES + ESP_IV_BYTES + encryptedBytes(encap, innerBytes) + ESP_ICV_BYTES;
    case 'wireguard':
      return outerIpBytes(ip) + UDP_HEADER_BYTES + WIREGUARD_HEADER_BYTES + wireguardPaddedBytes(innerBytes, tunnelMtu) + WIREGUARD_TAG_BYTES;
  }
}

/** Bytes the cipher encrypts for an inner packet (ESP payload + padding + trailer, or WireGuard's padded plaintext). */
export function encryptedBytes(encap: Encapsulation, innerBytes: number, tunnelMtu = Infinity): number {
  if (encap === 'vxlan-esp') {
    const payload = espPayloadBytes(innerBytes);
    return payload + espPadBytes(payload) + ESP_TRAILER_BYTES;
  }
  if (encap === 'wireguard') return wireguardPaddedBytes(innerBytes, tunnelMtu);
  return 0;
}

/**
 * The container (inner) MTU Docker gives a network whose `mtu` option is `underlayMtu`:
 * mtu − 50, and for encrypted networks mtu − 50 − 26 rounded down to a multiple of 4
 * (`maxMTU()`); WireGuard follows wg-quick, mtu − 80.
 */
export function containerMtu(encap: Encapsulation, underlayMtu: number): number {
  switch (encap) {
    case 'none':
      return underlayMtu;
    case 'vxlan':
      return underlayMtu - DOCKER_VXLAN_ENCAP_BYTES;
    case 'vxlan-esp':
      return Math.floor((underlayMtu - DOCKER_VXLAN_ENCAP_BYTES - DOCKER_ESP_EXPANSION_BYTES) / 4) * 4;
    case 'wireguard':
      return underlayMtu - WIREGUARD_MTU_OVERHEAD_BYTES;
  }
}

/** ESP payload for an inner packet: the VXLAN UDP datagram (UDP + VXLAN + inner Ethernet + inner IP). */
function espPayloadBytes(innerBytes: number): number {
  return innerBytes + UDP_HEADER_BYTES + VXLAN_HEADER_BYTES + INNER_ETHERNET_BYTES;
}

/** ESP padding so that payload + trailer is a multiple of 4. */
function espPadBytes(payloadBytes: number): number {
  return mod(-(payloadBytes + ESP_TRAILER_BYTES), ESP_ALIGN_BYTES);
}

/** WireGuard plaintext after padding to 16 B, never padded past the tunnel MTU. */
function wireguardPaddedBytes(innerBytes: number, tunnelMtu: number): number {
  const padded = Math.ceil(innerBytes / WIREGUARD_PADDING_BYTES) * WIREGUARD_PADDING_BYTES;
  return Math.min(padded, Math.max(innerBytes, tunnelMtu));
}

function sum(layers: { bytes: number }[]): number {
  return layers.reduce((a, l) => a + l.bytes, 0);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
