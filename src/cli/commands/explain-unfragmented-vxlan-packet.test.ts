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
 * wire 1078 + 38 = 1116 B; 1116 × 8 / 10 Gbit/s = 892.8 ns; CPU (aesni, unencrypted, no
 * offload) 2300 + 2700 = 5000 ns; overhead 116 B = 11.60 % of 1000 B; 1000 / 1116 = 89.61 %.
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
    CPU per side                  5000 ns = stack 2300 + vxlan 2700 (profile aesni)
  overhead                        116 B = 11.60 % of the 1000 B payload (payload is 89.61 % of the wire bytes)
`;

describe('explain, a packet that fits the plain VXLAN container MTU', () => {
  it('prints the aligned breakdown exactly', () => {
    const file = join(work, 'plain.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout, stderr } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(stderr).toBe('');
    expect(result).toBe(0);
    expect(stdout).toBe(EXPECTED);
  });
});
