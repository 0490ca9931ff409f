import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
const work = mkdtempSync(join(tmpdir(), 'overlaysim-determinism-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runCli(scenario: string, out: string): void {
  const r = spawnSync(process.execPath, ['bin/overlaysim.js', 'run', join('scenarios', scenario), '--out', out, '--quiet'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe('two runs of each shipped scenario write byte-identical files (all but run.json)', () => {
  it.each(SCENARIOS)('%s', (scenario) => {
    const a = join(work, scenario, 'a');
    const b = join(work, scenario, 'b');
    runCli(scenario, a);
    runCli(scenario, b);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['cpu.csv', 'flows.csv', 'links.csv', 'run.json', 'summary.json', 'summary.md']);
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files.filter((name) => name !== 'run.json')) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('ships at least the three scenarios of the foundation', () => {
    expect(SCENARIOS).toEqual(expect.arrayContaining(['quickstart.yaml', 'p2p-udp.yaml', 'bottleneck.yaml']));
  });
});
