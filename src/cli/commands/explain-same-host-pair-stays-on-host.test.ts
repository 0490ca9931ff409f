import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-local-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = `
name: local
duration: 1s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps } }
networks: { appnet: { encrypted: true } }
services:
  a: { networks: [appnet], placement: [h2] }
  b: { networks: [appnet], placement: [h2] }
workloads:
  - { name: local, kind: ping, from: a, to: b, interval: 1ms }
`;

describe('explain, sender and receiver on one host', () => {
  it('says the traffic takes the host-local path, shows its CPU (2 × (1986 + 84 × 0.449) ns with aesni) and no wire figures', () => {
    const file = join(work, 'local.yaml');
    writeFileSync(file, SCENARIO);
    const { result, stdout } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(result).toBe(0);
    const rows = tableRows(stdout);
    expect(rows).toContain('sender → receiver | a.1 on h2 → b.1 on h2');
    expect(rows).toContain('inner IP packet | 84 B = 56 B payload + 8 B ICMP echo + 20 B IPv4');
    expect(rows).toContain("path | both on h2: the host-local path (veth, bridge, veth; no encapsulation, cipher or wire), 4047.4 ns CPU for 1 piece, both stacks on the sender's core");
    expect(stdout).not.toMatch(/on the wire|CPU per side|overhead/);
  });
});
