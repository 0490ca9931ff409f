import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = join(work, 'sweep.yaml');
writeFileSync(
  scenario,
  `
name: sw
duration: 20ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 1Gbps, delay: 10us } }
hosts: { cpu: aesni, cores: 2 }
networks: { net: {} }
services:
  a: { replicas: 2, networks: [net] }
  b: { replicas: 2, networks: [net] }
workloads:
  - { name: p, kind: udp-poisson, from: a, to: b, packetRate: 50000/s, packetSize: 1000B }
variants:
  plain: {}
  encrypted: { networks.net.encrypted: true }
sweep:
  workloads.0.packetRate: [20000/s, 60000/s, 100000/s]
  underlay.hostLink.bandwidth: [1Gbps, 10Gbps]
`,
);

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, ['bin/overlaysim.js', ...args, '--quiet'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Every file below `dir` but the wall-clock run.json files, with contents. */
function contents(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile() && d.name !== 'run.json')
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('sweeps', () => {
  it('--jobs 1 and --jobs 2 write identical files; 3 shards merged equal the unsharded sweep', () => {
    cli('sweep', scenario, '--jobs', '1', '--out', join(work, 'one'));
    cli('sweep', scenario, '--jobs', '2', '--out', join(work, 'two'));
    for (const k of [1, 2, 3]) cli('sweep', scenario, '--jobs', '1', '--shard', `${k}/3`, '--out', join(work, `shard${k}`));
    cli('merge', join(work, 'shard1'), join(work, 'shard2'), join(work, 'shard3'), '--out', join(work, 'merged'));

    const one = contents(join(work, 'one'));
    // 6 points × 2 variants, each a folder of results, plus index.csv and sweep.json.
    expect(Object.keys(one).filter((f) => f.endsWith('summary.json'))).toHaveLength(12);
    expect(one['index.csv']?.split('\n').filter((l) => l !== '')).toHaveLength(13);
    expect(contents(join(work, 'two'))).toEqual(one);
    expect(contents(join(work, 'merged'))).toEqual(one);
    // Each shard holds only its own points: shard 2 of 3 has points 1 and 4.
    expect(readFileSync(join(work, 'shard2', 'index.csv'), 'utf8').split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['1', '1', '4', '4']);
  });

  it('merge refuses an incomplete set of shards', () => {
    const r = spawnSync(process.execPath, ['bin/overlaysim.js', 'merge', join(work, 'shard1'), join(work, 'shard2'), '--out', join(work, 'bad')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the shards hold 8 of the sweep's 12 runs; pass every shard/);
  });
});
