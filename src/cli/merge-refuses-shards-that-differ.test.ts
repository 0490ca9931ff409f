import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, tree } from '../test-support/cli.ts';

/**
 * `merge` joins shards only when everything that decides results is the same: here two shards
 * of one sweep run with different `--until` must be refused, naming the field; a manifest whose
 * run folder leaves the shard must be refused before anything is read or written; and run
 * folders with vectors/ (a sub-folder) merge.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-merge-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = join(work, 'tcp.yaml');
writeFileSync(
  scenario,
  `name: tcp
duration: 5ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps, delay: 10us } }
workloads:
  - { name: bulk, kind: tcp-bulk, from: h1, to: h2, vectors: true }
sweep:
  underlay.hostLink.bandwidth: [1Gbps, 2Gbps]
`,
);
const dir = (name: string) => join(work, name);

beforeAll(async () => {
  const runs = await Promise.all([
    cliAsync('sweep', scenario, '--jobs', '1', '--shard', '1/2', '--until', '2ms', '--out', dir('s1'), '--quiet'),
    cliAsync('sweep', scenario, '--jobs', '1', '--shard', '2/2', '--until', '2ms', '--out', dir('s2'), '--quiet'),
    cliAsync('sweep', scenario, '--jobs', '1', '--shard', '2/2', '--until', '3ms', '--out', dir('s2-longer'), '--quiet'),
  ]);
  for (const r of runs) expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('merge', () => {
  it('records the provenance of every run in sweep.json, summary.json and run.json', () => {
    const manifest = JSON.parse(readFileSync(join(dir('s1'), 'sweep.json'), 'utf8'));
    expect(manifest.provenance).toMatchObject({ untilNs: 2_000_000, replications: 1, seed: 1, sets: [], variantSets: {} });
    expect(manifest.provenance.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.provenance.overlaysimVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const summary = JSON.parse(readFileSync(join(dir('s1'), 'p0', 'summary.json'), 'utf8'));
    expect(summary.provenance).toEqual({ ...manifest.provenance, variant: '', variantSets: {} });
    const run = JSON.parse(readFileSync(join(dir('s1'), 'p0', 'run.json'), 'utf8'));
    expect(run.provenance).toEqual(summary.provenance);
  });

  it('joins shards whose runs have a vectors/ folder', async () => {
    const r = await cliAsync('merge', dir('s1'), dir('s2'), '--out', dir('merged'), '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const files = Object.keys(tree(dir('merged')));
    expect(files.filter((f) => f.includes('/vectors/')).map((f) => f.split('/')[0])).toEqual(expect.arrayContaining(['p0', 'p1']));
  });

  it('refuses shards run with different --until, naming the field, and writes nothing', async () => {
    const r = await cliAsync('merge', dir('s1'), dir('s2-longer'), '--out', dir('mixed'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${dir('s2-longer')} is from a different sweep than ${dir('s1')}: provenance.untilNs differs (2000000 vs 3000000)`);
    expect(existsSync(dir('mixed'))).toBe(false);
  });

  it('refuses a run folder that leaves its shard, before reading or writing anything', async () => {
    cpSync(dir('s2'), dir('s2-escape'), { recursive: true });
    const file = join(dir('s2-escape'), 'sweep.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.entries[0].dir = '../../escape';
    writeFileSync(file, JSON.stringify(manifest));
    const before = readdirSync(work).sort();
    const r = await cliAsync('merge', dir('s1'), dir('s2-escape'), '--out', dir('escaped'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('names run folder "../../escape" for the job whose folder is "p1"');
    expect(readdirSync(work).sort()).toEqual(before);
    expect(existsSync(join(work, '..', 'escape'))).toBe(false);
  });
});
