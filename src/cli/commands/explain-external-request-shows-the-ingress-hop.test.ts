import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CPU_PROFILES } from '../../model/host/cpu-profile.ts';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-ingress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * An external client h4 sends 100-byte UDP payloads (128-byte packets) to port 8080 of web,
 * whose task runs on h2 only; the client's first node is `node`. aesni: a bare piece costs
 * segment 1986 + 128 × 0.449 ns per side, a VXLAN piece also 3075 ns of VXLAN; the hop's outer
 * packet is 128 + 50 = 178 B, 216 B with 38 B of framing, 172.8 ns at 10 Gbit/s.
 */
function explain(node: string, mode = 'ingress'): string[] {
  const file = join(work, `${node}-${mode}.yaml`);
  writeFileSync(
    file,
    `
name: mesh
duration: 1s
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps } }
networks: { appnet: {} }
services:
  web: { networks: [appnet], placement: [h2], ports: [{ published: 8080, target: 80, protocol: udp, mode: ${mode} }] }
workloads:
  - { name: ext, kind: udp-cbr, from: h4, to: web, port: 8080, nodes: [${node}], packetRate: 100/s, payload: 100B }
`,
  );
  const { result, stdout } = captureOutput(() => explainCommand(file, { set: [] }));
  expect(result).toBe(0);
  return tableRows(stdout);
}

describe('explain, an external request through a published port', () => {
  const aesni = CPU_PROFILES.aesni;
  if (!aesni) throw new Error('no aesni profile');
  // explain prints ns with one decimal.
  const bareSide = (aesni.segmentNs + 128 * aesni.copyNsPerByte).toFixed(1);
  const vxlanSide = (aesni.segmentNs + 128 * aesni.copyNsPerByte + aesni.vxlanNs).toFixed(1);

  it('to a node without the task: IPVS and NAT on the node, then the extra hop over the ingress overlay with its bytes and CPU, and the way back', () => {
    const rows = explain('h1');
    expect(rows).toContain('sender → receiver | h4 → web:8080 on h1');
    expect(rows).toContain("ingress node | h1's ingress sandbox: IPVS (rr over all 1 task, 0 on h1) picks web.1 on h2");
    expect(rows).toContain(`NAT | 767 ns of IPVS, DNAT and SNAT per packet on h1, each way, after receiving it (${bareSide} ns per piece alone)`);
    expect(rows).toContain('extra hop | h1 → h2 over the ingress overlay (vxlan, container MTU 1450 B), in one piece');
    expect(rows).toContain(`extra hop costs | 216 B on the wire, 172.8 ns serialisation on h1->sw, CPU ${vxlanSide} ns on h1 and ${vxlanSide} ns on h2, plus the links' propagation`);
    expect(rows).toContain('reply | back the same way (the SNAT makes web.1 answer h1): h2 → h1 over the ingress overlay, NAT undone, then h1 → h4');
  });

  it('to the node that runs the task: no extra hop', () => {
    expect(explain('h2')).toContain('extra hop | none: web.1 runs on h2');
  });

  it('host mode: the task answers on the node, no IPVS or NAT', () => {
    const rows = explain('h2', 'host');
    expect(rows).toContain('node | web.1 on h2 answers on the port itself: no IPVS, no NAT, no extra hop');
    expect(rows.some((r) => r.startsWith('NAT |'))).toBe(false);
  });
});
