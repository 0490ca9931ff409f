import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from './load.ts';

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
const work = mkdtempSync(join(tmpdir(), 'overlaysim-determinism-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file below `dir`, as sorted relative paths. */
function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

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
    const files = listFiles(a);
    // Which optional files a run writes follows from the scenario, not from what the run wrote.
    const scenarioOf = loadScenario(join('scenarios', scenario)).resolved;
    // Scenarios with a gossip section also write gossip.csv and gossip-curves.csv.
    const gossip = scenarioOf.gossip !== undefined ? ['gossip-curves.csv', 'gossip.csv'] : [];
    // Scenarios with TCP workloads also write connections.csv.
    const tcp = scenarioOf.workloads.some((w) => w.tcp !== undefined) ? ['connections.csv'] : [];
    // Scenarios with services also write services.csv.
    const services = scenarioOf.tasks.length > 0 ? ['services.csv'] : [];
    // Scenarios with per-request workloads also write error-windows.csv.
    const requests = scenarioOf.workloads.some((w) => w.tcp?.rpc?.perRequest === true) ? ['error-windows.csv'] : [];
    const perRun = [...tcp, 'cpu.csv', ...requests, 'flows.csv', ...gossip, 'latency.csv', 'links.csv', 'report.html', 'run.json', ...services, 'summary.json', 'summary.md'];
    const folders = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0] as string))];
    // The chart runtime the report pages load is written once, at the top of the results folder.
    if (folders.length === 0) expect(files).toEqual(['charts.js', ...perRun]);
    else {
      // A scenario with variants: each variant's files in its own folder, and the comparison on top.
      expect(files.filter((f) => !f.includes('/'))).toEqual(['charts.js', 'comparison.csv', 'report.html', 'summary.md']);
      for (const v of folders) expect(files.filter((f) => f.startsWith(`${v}/`))).toEqual(perRun.map((f) => `${v}/${f}`));
    }
    expect(listFiles(b)).toEqual(files);
    for (const f of files.filter((name) => !name.endsWith('run.json'))) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('ships the scenarios the docs promise', () => {
    expect(SCENARIOS).toEqual(expect.arrayContaining(['quickstart.yaml', 'p2p-udp.yaml', 'bottleneck.yaml', 'encrypted-vs-plain.yaml']));
  });
});
