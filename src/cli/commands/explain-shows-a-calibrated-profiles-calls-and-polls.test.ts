import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, tableRows } from '../capture-output.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-calls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A profile with a system-call cost (and a VXLAN per-poll cost), as calibrate writes one, and one workload. */
function scenario(workload: string, syscallNs: number, vxlanPollNs: number): string {
  return `
name: calls
duration: 1s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps } }
hosts: { cpu: { base: aesni, syscallNs: ${syscallNs}, vxlanPollNs: ${vxlanPollNs} } }
networks: { appnet: {} }
services:
  a: { networks: [appnet], placement: [h1] }
  b: { networks: [appnet], placement: [h2] }
workloads:
  - ${workload}
`;
}

function explain(workload: string, syscallNs: number, vxlanPollNs = 0): { rows: string[]; stdout: string } {
  const file = join(work, 'calls.yaml');
  writeFileSync(file, scenario(workload, syscallNs, vxlanPollNs));
  const { result, stdout } = captureOutput(() => explainCommand(file, { set: [] }));
  expect(result).toBe(0);
  return { rows: tableRows(stdout), stdout };
}

describe('explain shows a calibrated profile’s system calls on a row of their own, and its VXLAN poll cost', () => {
  it('a UDP datagram: one write and one read; the cost table gives the per-call cost', () => {
    const { rows, stdout } = explain('{ name: u, kind: udp-cbr, from: h1, to: h2, packetRate: 10/s, payload: 100B }', 2500);
    expect(rows).toContain('CPU, system calls | sender 1 write, receiver 1 read, for the whole datagram (2500 ns each)');
    // The piece's own line stays the stack's cost: segment + bytes, no call in it (1986 + 128 × 0.449 = 2043.5 ns).
    expect(rows).toContain('CPU per side, alone | 2043.5 ns = segment 1986 + 128 B × copy 0.449 ns/B (profile aesni (custom))');
    expect(stdout).toContain('\n  per application write or read, any stack: 2500 ns; one system call each: a UDP datagram is one write and one read, a TCP stream one each per 128 KiB at most\n');
  });

  it('a ping: the pinger writes it; the kernel answers without a call', () => {
    const { rows } = explain('{ name: p, kind: ping, from: h1, to: h2, interval: 1s }', 2500);
    expect(rows).toContain('CPU, system calls | sender 1 write (2500 ns each); the kernel answers, so no read on the receiver');
  });

  it('a TCP stream: calls per 128 KiB written and per batch read', () => {
    const { rows } = explain('{ name: t, kind: tcp-bulk, from: h1, to: h2, bytes: 1MB }', 2500);
    expect(rows).toContain('CPU, system calls | 1 write per 128 KiB the application writes, 1 read per batch of data queued for the reader, up to 128 KiB (2500 ns each)');
  });

  it('with the built-in profiles’ 0 the row is left out and the table says the call is inside per segment', () => {
    const { rows, stdout } = explain('{ name: u, kind: udp-cbr, from: h1, to: h2, packetRate: 10/s, payload: 100B }', 0);
    expect(rows.some((r) => r.startsWith('CPU, system calls'))).toBe(false);
    expect(stdout).toContain('\n  per application write or read, any stack: 0 ns (not split out: inside per segment); one system call each');
  });

  it('a packet over VXLAN alone is a NAPI poll of its own: it pays the per-poll cost, and the table gives it', () => {
    const { rows, stdout } = explain('{ name: u, kind: udp-cbr, from: a, to: b, mode: task, packetRate: 10/s, payload: 100B }', 0, 1500);
    // 1986 + 3075 + 1500 + 128 × 0.449 = 6618.5 ns.
    expect(rows).toContain('CPU per side, alone | 6618.5 ns = segment 1986 + vxlan 3075 + vxlan poll 1500 + 128 B × copy 0.449 ns/B (profile aesni (custom))');
    expect(stdout).toContain('\n  per NAPI poll on the VXLAN paths (vxlan, vxlan-esp): 1500 ns; a poll is a batch of up to 64 packets a core takes back to back\n');
  });
});
