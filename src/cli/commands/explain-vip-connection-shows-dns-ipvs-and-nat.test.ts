import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-vip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(mode: string): string {
  return `
name: vip
duration: 1s
underlay: { topology: star, hosts: 3, hostLink: { bandwidth: 10Gbps } }
networks: { appnet: {} }
services:
  web: { networks: [appnet], placement: [h1] }
  api: { replicas: 2, networks: [appnet], placement: [h2, h3] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: web, to: api, mode: ${mode}, rate: 100/s }
`;
}

function explain(mode: string): { stdout: string; rows: string[] } {
  const file = join(work, `${mode}.yaml`);
  writeFileSync(file, scenario(mode));
  const { result, stdout } = captureOutput(() => explainCommand(file, { set: [] }));
  expect(result).toBe(0);
  return { stdout, rows: tableRows(stdout) };
}

describe('explain, a connection to a service', () => {
  it('vip: the DNS lookup, the client host’s IPVS table and the NAT cost (aesni: 9200 ns and 767 ns)', () => {
    const { rows } = explain('vip');
    expect(rows).toContain('DNS | 9200 ns lookup at 127.0.0.11 on h1 before the connection (no wire; none while a cached answer is valid)');
    expect(rows).toContain("service | api by its VIP: h1's IPVS table (rr over 2 tasks) picks a task per connection (here api.1)");
    expect(rows).toContain('NAT | 767 ns of IPVS and NAT per packet on h1, each way, on top of the CPU below');
  });

  it('dnsrr: the DNS lookup and no IPVS or NAT', () => {
    const { rows, stdout } = explain('dnsrr');
    expect(rows).toContain('service | api by DNS round robin over 2 tasks: the answer starts at api.1; no VIP, IPVS or NAT');
    expect(stdout).not.toMatch(/^ *NAT /m);
  });

  it('task: no service steps at all', () => {
    expect(explain('task').stdout).not.toMatch(/^ *(DNS|service|NAT) /m);
  });
});
