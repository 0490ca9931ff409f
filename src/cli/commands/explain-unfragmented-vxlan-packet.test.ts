import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-vxlan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = `
name: plain
duration: 1s
underlay:
  topology: star
  hosts: 2
  hostLink: { bandwidth: 10Gbps, delay: 1us }
networks:
  appnet: {}
services:
  a: { networks: [appnet] }
  b: { networks: [appnet] }
workloads:
  - { name: udp, kind: udp-cbr, from: a, to: b, mode: task, packetRate: 1000/s, payload: 1000B }
`;

/*
 * By hand: inner 1000 + 8 + 20 = 1028 B ≤ 1450 (1500 − 50); outer 1028 + 50 = 1078 ≤ 1500;
 * wire 1078 + 38 = 1116 B; 1116 × 8 / 10 Gbit/s = 892.8 ns; CPU (aesni, a UDP datagram is a
 * segment of its own) 1986 + 3075 + 1028 × 0.449 = 5522.572 ns; overhead 116 B = 11.60 % of
 * 1000 B; 1000 / 1116 = 89.61 %. Then the cost table: VXLAN with tunnel offload pays
 * 1986 + 3075 = 5061 ns per segment; ESP 3075 + 370 = 3445 ns and WireGuard 3075 + 100 = 3175
 * ns per packet; ciphers 0.82 / 3.6 = 0.2278 and 1.8 / 3.6 = 0.5 ns/B.
 */
const EXPECTED = `udp (udp-cbr), its only pair
  sender → receiver               a.1 on h1 → b.1 on h2
  network and stack               appnet: vxlan, IPv4 underlay, outer DF clear
  container MTU                   1450 B
  inner IP packet                 1028 B = 1000 B payload + 8 B UDP + 20 B IPv4
  inner fragments                 none (1028 B ≤ 1450 B MTU)
  first link                      h1->sw: 10.000 Gbit/s, MTU 1500 B, framing 38 B per frame
  layers, outermost first
    outer IPv4                        20 B
    outer UDP                          8 B
    VXLAN header                       8 B
    inner Ethernet                    14 B
    inner IP packet                 1028 B
    outer IP packet                 1078 B
    outer fragments               none (1078 B ≤ link MTU 1500 B)
    on the wire                   1116 B (1 frame: 1078 B + 38 B framing)
    serialisation                 892.8 ns on h1->sw
    CPU per side, alone           5522.6 ns = segment 1986 + vxlan 3075 + 1028 B × copy 0.449 ns/B (profile aesni)
  overhead                        116 B = 11.60 % of the 1000 B payload (payload is 89.61 % of the wire bytes)

CPU cost per side by stack (profile aesni; offloads on, tunnel offload on; segments up to 65536 B and 64 packets)
  stack      per segment  per packet    per byte  cipher per byte
  none           1986 ns        0 ns  0.449 ns/B                —
  vxlan          5061 ns        0 ns  0.449 ns/B                —
  vxlan-esp      1986 ns     3445 ns  0.449 ns/B      0.2278 ns/B
  wireguard      1986 ns     3175 ns  0.449 ns/B         0.5 ns/B
  per application write or read, any stack: 0 ns (not split out: inside per segment); one system call each: a UDP datagram is one write and one read, a TCP stream one each per 128 KiB at most
  per NAPI poll on the VXLAN paths (vxlan, vxlan-esp): 0 ns (not split out: inside per segment and per packet); a poll is a batch of up to 64 packets a core takes back to back
  a segment of k packets and B bytes costs: per segment + k × per packet + B × per byte (+ cipher bytes × cipher per byte)
`;

describe('explain, a packet that fits the plain VXLAN container MTU', () => {
  it('prints the aligned breakdown exactly, then the cost per segment, per packet and per byte of every stack', () => {
    const file = join(work, 'plain.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout, stderr } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(stderr).toBe('');
    expect(result).toBe(0);
    expect(stdout).toBe(EXPECTED);
  });
});
