import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { explainPacket } from './explain-packet.ts';
import { formatExplanation } from './explain-text.ts';

/** A UDP datagram of `payloadBytes` between two hosts on the bare underlay, over a link with `framing`. */
function explainDatagram(framing: string, payloadBytes = 1) {
  const text = `
name: tiny
duration: 1s
hosts: { cpu: none }
underlay:
  topology: star
  hosts: 2
  hostLink: { bandwidth: 1Gbps, delay: 1us, framing: ${framing} }
workloads:
  - { name: tiny, kind: udp-cbr, from: h1, to: h2, packetRate: 1000/s, payload: ${payloadBytes}B }
`;
  const { resolved } = loadScenarioText('tiny.yaml', text);
  return explainPacket(resolved, resolved.workloads[0] as (typeof resolved.workloads)[number]);
}

describe('explain counts the padding of short frames on the wire', () => {
  it('Ethernet: a 1-byte UDP datagram is padded to the 64-byte minimum frame, 84 B on the wire', () => {
    // By hand: IP packet 1 + 8 UDP + 20 IPv4 = 29 B; frame 29 + 14 header + 4 FCS = 47 B < 64 B,
    // so 17 B of padding; 64 + 8 preamble/SFD + 12 gap = 84 B; 84 × 8 / 1 Gbit/s = 672 ns.
    const e = explainDatagram('ethernet');
    const piece = e.pieces[0];
    expect(e.packetBytes).toBe(29);
    expect(piece?.wireBytes).toBe(84);
    expect(piece?.paddingBytes).toBe(17);
    expect(piece?.serialisationNs).toBe(672);
    expect(e.totals.wireBytes).toBe(84);
    expect(e.totals.overheadBytes).toBe(83);
    expect(formatExplanation(e)).toContain('84 B (1 frame: 29 B + 38 B framing + 17 B padding to the 84 B minimum)');
  });

  it('PPP has no minimum frame: 29 + 2 = 31 B, no padding', () => {
    const e = explainDatagram('ppp');
    expect(e.pieces[0]?.wireBytes).toBe(31);
    expect(e.pieces[0]?.paddingBytes).toBe(0);
    expect(formatExplanation(e)).toContain('31 B (1 frame: 29 B + 2 B framing)');
  });

  it('Ethernet: a 46-byte IP packet fills the minimum frame exactly; one byte less is padded by one', () => {
    // 18 + 8 + 20 = 46 B; 46 + 18 (header and FCS) = 64 B, the minimum: 46 + 38 = 84 B, no padding.
    const exact = explainDatagram('ethernet', 18);
    expect(exact.pieces[0]?.wireBytes).toBe(84);
    expect(exact.pieces[0]?.paddingBytes).toBe(0);
    const short = explainDatagram('ethernet', 17);
    expect(short.pieces[0]?.wireBytes).toBe(84);
    expect(short.pieces[0]?.paddingBytes).toBe(1);
  });
});
