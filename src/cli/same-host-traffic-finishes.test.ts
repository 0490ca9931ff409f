import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The scenarios that used to hang at 0 ns simulated (TCP between two ends on one host) now run
 * to the end through the CLI, and same-host UDP reports the local path's delay instead of 0 ns.
 * Each run is a child process with a 60 s wall-clock limit; a hang fails the test.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-same-host-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
const STAR = 'underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps, delay: 5us } }';

/** Runs `overlaysim run` on the scenario text; returns the exit status and flows.csv as rows of named cells. */
function run(name: string, text: string): { status: number | null; flows: Record<string, string>[] } {
  const file = join(work, `${name}.yaml`);
  const out = join(work, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ['bin/overlaysim.js', 'run', file, '--out', out, '--quiet'], { encoding: 'utf8', env: ENV, timeout: 60_000 });
  if (r.status !== 0) return { status: r.status, flows: [] };
  const [header, ...lines] = readFileSync(join(out, 'flows.csv'), 'utf8').trim().split('\n');
  const keys = (header as string).split(',');
  return { status: r.status, flows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v]))) };
}

describe('same-host traffic finishes', () => {
  it('tcp-bulk from a host to itself runs to the end and delivers data', () => {
    const { status, flows } = run('bulk-self', `name: bulk-self\nduration: 20ms\n${STAR}\nworkloads:\n  - { name: bulk, kind: tcp-bulk, from: h1, to: h1 }\n`);
    expect(status).toBe(0);
    expect(Number(flows.find((f) => f.flow === 'bulk')?.rxBytes)).toBeGreaterThan(0);
  });

  it('default spread placement of 2 clients and 2 servers on 2 hosts, task i to task i (both pairs on one host), runs tcp-bulk and tcp-rpc to the end', () => {
    const text = `name: spread\nduration: 20ms\n${STAR}\nnetworks: { appnet: {} }\nservices:\n  client: { replicas: 2, networks: [appnet] }\n  server: { replicas: 2, networks: [appnet] }\nworkloads:\n  - { name: bulk, kind: tcp-bulk, from: client, to: server, mode: task }\n  - { name: rpc, kind: tcp-rpc, from: client, to: server, mode: task, concurrency: 2, request: 512B, response: 4KiB }\n`;
    const { status, flows } = run('spread', text);
    expect(status).toBe(0);
    // Spread puts client.1 and server.1 on h1, client.2 and server.2 on h2: every pair is local.
    const forward = flows.filter((f) => !f.flow?.endsWith('/reverse'));
    expect(forward.map((f) => `${f.src}->${f.dst}`).sort()).toEqual(['client.1->server.1', 'client.1->server.1', 'client.1->server.1', 'client.2->server.2', 'client.2->server.2', 'client.2->server.2']);
    for (const f of forward) expect(Number(f.rxBytes)).toBeGreaterThan(0);
  });

  it('same-host UDP reports the local path delay (2 × (1986 + 1028 × 0.449) ns with aesni), not 0 ns', () => {
    const { status, flows } = run('udp-self', `name: udp-self\nduration: 10ms\n${STAR}\nworkloads:\n  - { name: u, kind: udp-cbr, from: h1, to: h1, packetRate: 1000/s, payload: 1000B }\n`);
    expect(status).toBe(0);
    const u = flows[0] as Record<string, string>;
    const localNs = String(Math.round(2 * (1986 + 1028 * 0.449)));
    expect([u.rxPackets, u.delayMinNs, u.delayMaxNs, u.underlayPackets]).toEqual(['10', localNs, localNs, '0']);
  });
});
