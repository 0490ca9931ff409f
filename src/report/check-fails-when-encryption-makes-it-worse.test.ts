import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One flow on one core, offered 1.9 Gbit/s: just under what a plain VXLAN core carries, more than ESP's. */
function scenario(network: string): string {
  return `
name: gate
duration: 50ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 2us } }
hosts: { cores: 1, cpu: aesni }
networks: { appnet: ${network} }
services:
  a: { replicas: 1, networks: [appnet], placement: [h1] }
  b: { replicas: 1, networks: [appnet], placement: [h2] }
workloads:
  - { name: load, kind: udp-cbr, from: a, to: b, mode: task, rate: 1.9Gbps, payload: 1372B }
`;
}
const plain = join(work, 'plain.yaml');
const encrypted = join(work, 'encrypted.yaml');
writeFileSync(plain, scenario('{}'));
writeFileSync(encrypted, scenario('{ encrypted: true }'));
const baseline = join(work, 'baseline.json');

function check(file: string, ...extra: string[]) {
  return spawnSync(process.execPath, ['bin/overlaysim.js', 'check', file, '--baseline', baseline, ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('overlaysim check', () => {
  it('exits 0 when nothing changed, 1 when encryption makes the same scenario worse, and names the metric and both values', () => {
    expect(check(plain, '--update').status).toBe(0);
    const stored = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(stored.tolerance).toBe(0.05);
    expect(stored.metrics['gate: load: goodput'].better).toBe('higher');
    expect(stored.metrics['gate: events processed'].better).toBe('equal');

    const same = check(plain);
    expect(same.status).toBe(0);
    // 5 for the workload, 5 totals and 2 exact counts.
    expect(same.stdout).toContain('All 12 metrics within tolerance.');

    const worse = check(encrypted, '--bench-json', join(work, 'bench'));
    expect(worse.status).toBe(1);
    // Plain VXLAN carries 1.9 Gbit/s (a core's cap: 1e9 / (1986 + 1400 × 0.449 + 3075) packets/s ×
    // 1372 B × 8 ≈ 1.93 Gbit/s); ESP's per-packet cipher cost caps one core near 1.72 Gbit/s.
    expect(worse.stdout).toMatch(/\| gate: load: goodput \| 1\.9\d{2} Gbit\/s \| 1\.7\d{2} Gbit\/s \| -\d+\.\d % \| 5\.0 %, higher is better \| \*\*REGRESSION\*\* \|/);
    expect(worse.stdout).toMatch(/\| gate: events processed \| \d+ \| \d+ \| [-+]\d+\.\d % \| exact \| \*\*CHANGED\*\* \|/);
    const bigger = JSON.parse(readFileSync(join(work, 'bench', 'bigger-is-better.json'), 'utf8'));
    expect(bigger).toContainEqual(expect.objectContaining({ name: 'gate: load: goodput', unit: 'bps' }));
  });

  it('a wider tolerance lets the goodput drop pass, but exact counts still fail', () => {
    const r = check(encrypted, '--tolerance', '50%');
    expect(r.stdout).toMatch(/\| gate: load: goodput \|[^\n]*\| ok \|/);
    expect(r.status).toBe(1);
  });

  it('without a baseline it says how to make one (exit 2)', () => {
    const r = spawnSync(process.execPath, ['bin/overlaysim.js', 'check', plain, '--baseline', join(work, 'none.json')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('run with --update to create it');
  });
});
