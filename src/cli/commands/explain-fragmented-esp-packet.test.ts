import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-esp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Two hosts on a 10 Gbit/s star, an encrypted overlay, one service on each host. */
const SCENARIO = `
name: esp
duration: 1s
underlay:
  topology: star
  hosts: 2
  hostLink: { bandwidth: 10Gbps, delay: 1us }
hosts: { cpu: aesni }
networks:
  secure: { encrypted: true }
services:
  a: { networks: [secure] }
  b: { networks: [secure] }
workloads:
  - { name: udp, kind: udp-cbr, from: a, to: b, rate: 1Gbps, payload: 1422B }
`;

/*
 * By hand (shared/reference/overlay-dataplane.md §1.2, §2.2; Ethernet framing 38 B; aesni, each
 * piece a segment of its own: segment 1986 + vxlan 3075 + 370 fixed + 0.82 / 3.6 ns per byte
 * encrypted + 0.449 ns per inner byte copied):
 *   container MTU = floor((1500 − 50 − 26) / 4) × 4 = 1424
 *   inner packet  = 1422 + 8 (UDP) + 20 (IPv4) = 1450 > 1424, so the container fragments it:
 *                   fragment data = floor((1424 − 20) / 8) × 8 = 1400; 1430 data bytes →
 *                   1420 B (20 + 1400) and 50 B (20 + 30)
 *   piece 1: ESP payload P = 1420 + 30 = 1450, pad = (−1452) mod 4 = 0, outer = 1420 + 76 = 1496
 *            ≤ 1500: no outer fragments; wire 1496 + 38 = 1534 B; 1534 × 8 / 10 = 1227.2 ns;
 *            cipher bytes 1452; CPU 5431 + 1452 × 0.82 / 3.6 + 1420 × 0.449 = 6399.31 ns
 *   piece 2: P = 80, pad = (−82) mod 4 = 2, outer = 50 + 76 + 2 = 128; wire 166 B; 132.8 ns;
 *            cipher bytes 84; CPU 5431 + 84 × 0.82 / 3.6 + 50 × 0.449 = 5472.58 ns
 *   whole:   1700 B on the wire, 1360 ns, CPU 11871.89 ns per side;
 *            overhead 1700 − 1422 = 278 B = 19.55 % of the payload
 */
describe('explain, a packet above the encrypted container MTU', () => {
  it('fragments it to 1424 B first, then shows each piece in ESP with hand-computed sizes, times and CPU', () => {
    const file = join(work, 'esp.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout, stderr } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(stderr).toBe('');
    expect(result).toBe(0);
    const rows = tableRows(stdout);
    const expected = [
      'udp (udp-cbr), its only pair',
      'sender → receiver | a.1 on h1 → b.1 on h2',
      'network and stack | secure: vxlan-esp (VXLAN in IPsec ESP transport mode), IPv4 underlay, outer DF clear',
      'container MTU | 1424 B',
      'inner IP packet | 1450 B = 1422 B payload + 8 B UDP + 20 B IPv4',
      'inner fragments | 2 (1450 B > 1424 B MTU): 1420 B + 50 B',
      'piece 1 of 2 | 1420 B inner IP packet; layers outermost first',
      'outer IPv4 | 20 B',
      'ESP SPI + sequence | 8 B',
      'ESP IV | 8 B',
      'outer UDP | 8 B',
      'VXLAN header | 8 B',
      'inner Ethernet | 14 B',
      'inner IP packet | 1420 B',
      'ESP padding | 0 B',
      'ESP pad length + next header | 2 B',
      'ESP ICV | 8 B',
      'outer IP packet | 1496 B',
      'outer fragments | none (1496 B ≤ link MTU 1500 B)',
      'on the wire | 1534 B (1 frame: 1496 B + 38 B framing)',
      'serialisation | 1227.2 ns on h1->sw',
      'CPU per side, alone | 6399.3 ns = segment 1986 + vxlan 3075 + aes-128-gcm 370 + 1452 B × 0.2278 ns/B + 1420 B × copy 0.449 ns/B (profile aesni)',
      'piece 2 of 2 | 50 B inner IP packet; layers outermost first',
    ];
    for (const row of expected) expect(rows).toContain(row);
    // The second piece: its own layers, then its totals.
    const second = rows.slice(rows.indexOf('piece 2 of 2 | 50 B inner IP packet; layers outermost first'));
    expect(second).toContain('ESP padding | 2 B');
    expect(second).toContain('outer IP packet | 128 B');
    expect(second).toContain('on the wire | 166 B (1 frame: 128 B + 38 B framing)');
    expect(second).toContain('serialisation | 132.8 ns on h1->sw');
    expect(second).toContain('CPU per side, alone | 5472.6 ns = segment 1986 + vxlan 3075 + aes-128-gcm 370 + 84 B × 0.2278 ns/B + 50 B × copy 0.449 ns/B (profile aesni)');
    expect(rows).toContain('whole packet | 2 pieces, 2 frames, 1700 B on the wire, 1360 ns serialisation');
    expect(rows).toContain('CPU, whole packet | 11871.9 ns per side');
    expect(rows).toContain('overhead | 278 B = 19.55 % of the 1422 B payload (payload is 83.65 % of the wire bytes)');
  });
});
