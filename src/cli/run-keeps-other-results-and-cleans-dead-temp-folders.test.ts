import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tree } from '../test-support/cli.ts';

/**
 * The result folder of `run` is replaced whole, but never at the cost of other results: a
 * sweep's folder inside it is kept, temporary folders that a killed process left beside it are
 * cleaned (a set-aside earlier result folder is put back), and an empty --out is refused before
 * anything runs.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-keep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = join(work, 'tiny.yaml');
writeFileSync(
  scenario,
  `name: tiny
duration: 2ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps } }
workloads:
  - { name: w, kind: udp-cbr, from: h1, to: h2, packetRate: 1000/s, packetSize: 500B }
`,
);

/** A process id that is certainly not running: that of a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid as number;
}

describe('the result folder of run', () => {
  it('keeps a sweep inside it and cleans temporary folders of dead processes', () => {
    const out = join(work, 'tiny');
    expect(cli('sweep', scenario, '--jobs', '1', '--out', join(out, 'sweep'), '--quiet').status).toBe(0);
    const sweep = tree(join(out, 'sweep'));
    const pid = deadPid();
    mkdirSync(join(work, `.tiny.tmp-${pid}`));
    writeFileSync(join(work, `.tiny.tmp-${pid}`, 'summary.md'), 'half written');

    const r = cli('run', scenario, '--out', out, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(tree(join(out, 'sweep'))).toEqual(sweep);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect(readdirSync(work).sort()).toEqual(['tiny', 'tiny.yaml']);
  });

  it('puts back an earlier result folder that a killed write had set aside', () => {
    const out = join(work, 'restored');
    const pid = deadPid();
    const aside = join(work, `.restored.old-${pid}`);
    mkdirSync(aside);
    writeFileSync(join(aside, 'run.json'), '{}');
    writeFileSync(join(aside, 'summary.md'), 'earlier results');
    // A run into another folder of the same parent does not touch it; one into `restored` does.
    const r = cli('run', scenario, '--out', out, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(aside)).toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it("refuses --out '' before running, writing nothing", () => {
    const before = readdirSync(work).sort();
    const started = Date.now();
    const r = cli('run', scenario, '--out', '', '--set', 'duration=10s');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out: expected a folder, got an empty string");
    expect(r.stderr).not.toContain('events in');
    expect(readdirSync(work).sort()).toEqual(before);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
