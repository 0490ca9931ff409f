import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-outer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The network's mtu option (9000) is above the links' 1500: containers get 9000 − 50 = 8950, so
 * 1472 B of payload make a 1500-byte inner packet that is not fragmented inside, and a
 * 1550-byte outer packet (1500 + 50), above the 1500-byte link MTU.
 */
const SCENARIO = `
name: df
duration: 1s
underlay:
  topology: star
  hosts: 2
  hostLink: { bandwidth: 1Gbps, mtu: 1500 }
networks:
  jumbo: { mtu: 9000 }
services:
  a: { networks: [jumbo] }
  b: { networks: [jumbo] }
workloads:
  - { name: big, kind: udp-cbr, from: a, to: b, packetRate: 1000/s, payload: 1472B }
`;

describe('explain, an outer packet above the link MTU', () => {
  it("with DF clear (Docker's default) fragments the outer packet: 1550 B → 1500 B + 70 B (20 + 1480, 20 + 50), 2 frames", () => {
    const file = join(work, 'df.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(result).toBe(0);
    const rows = tableRows(stdout);
    expect(rows).toContain('outer fragments | 2 (DF clear, link MTU 1500 B): 1500 B + 70 B');
    // (1500 + 38) + (70 + 38) = 1646 B; × 8 ns per byte at 1 Gbit/s = 13168 ns.
    expect(rows).toContain('on the wire | 1646 B (2 frames, 38 B framing each)');
    expect(rows).toContain('serialisation | 13168 ns on h1->sw');
    expect(rows).toContain('overhead | 174 B = 11.82 % of the 1472 B payload (payload is 89.43 % of the wire bytes)');
  });

  it('with DF set says the packet is dropped as "fragmentation needed", with sender CPU only', () => {
    const file = join(work, 'df.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout } = captureOutput(() => explainCommand(file, { set: ['networks.jumbo.outerDf=true'] }));
    expect(result).toBe(0);
    const rows = tableRows(stdout);
    expect(rows).toContain('container MTU | 8950 B');
    expect(rows).toContain('outer IP packet | 1550 B');
    expect(rows).toContain('outer fragments | dropped: DF set and 1550 B > link MTU 1500 B ("fragmentation needed")');
    expect(rows).toContain('whole packet | lost: the sender drops a piece as "fragmentation needed"');
    // VXLAN, a datagram of its own: segment 1986 + vxlan 3075 + 1500 B × 0.449 = 5734.5 ns.
    expect(rows).toContain('CPU, whole packet | sender 5734.5 ns, receiver 0 ns');
    expect(rows).toContain('overhead | none: the packet never arrives');
  });
});
