import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { captureOutputAsync } from '../cli/capture-output.ts';
import { columnTypes, csvProblems } from '../test-support/csv-columns.ts';

// Every CSV the shipped scenarios write (a short stretch of each: the first 6 s covers the
// gossip scenarios' table events and network join), plus a sweep's index.csv, a run with
// variants' comparison.csv and a replicated run's replications.csv, checked for tidy columns.

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
const work = mkdtempSync(join(tmpdir(), 'overlaysim-csv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `overlaysim ...args --quiet` in this process, its stderr captured; it must exit 0. */
async function overlaysim(...args: string[]): Promise<void> {
  const { result } = await captureOutputAsync(() => main(['node', 'overlaysim', ...args, '--quiet']));
  expect(result).toBe(0);
}

/** Every CSV below `dir`, relative path → text. */
function csvFiles(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.csv'));
  return new Map(files.map((d) => [relative(dir, join(d.parentPath, d.name)), readFileSync(join(d.parentPath, d.name), 'utf8')]));
}

describe('result CSVs are tidy', () => {
  it.each(SCENARIOS)('%s: one type per column, no -1 or yes/no sentinels', async (scenario) => {
    const out = join(work, scenario);
    await overlaysim('run', join('scenarios', scenario), '--until', '6s', '--out', out);
    const files = csvFiles(out);
    expect(files.size).toBeGreaterThanOrEqual(4);
    for (const [name, text] of files) expect(csvProblems(name, text)).toEqual([]);
  });

  it('index.csv of a sweep: swept values as numbers in a base unit named in the column, booleans as true/false', async () => {
    const out = join(work, 'sweep');
    await overlaysim('sweep', 'scenarios/quickstart.yaml', '--until', '20ms', '--jobs', '1', '--out', out, '--set', 'sweep={"workloads.0.packetRate": ["40000/s", "80000/s"], "networks.appnet.encrypted": [false, true]}');
    const index = readFileSync(join(out, 'index.csv'), 'utf8');
    expect(csvProblems('index.csv', index)).toEqual([]);
    const types = columnTypes(index);
    expect(types['workloads.0.packetRatePerS']).toBe('number');
    expect(types['networks.appnet.encrypted']).toBe('boolean');
    expect(index.split('\n')[1]).toContain(',p0,40000,false,');
  });

  it('comparison.csv and replications.csv: workload and metric in separate columns', async () => {
    const variants = join(work, 'variants');
    const reps = join(work, 'reps');
    await overlaysim('run', 'scenarios/encrypted-vs-plain.yaml', '--until', '5ms', '--out', variants);
    await overlaysim('run', 'scenarios/bottleneck.yaml', '--until', '20ms', '--replications', '3', '--out', reps);
    for (const [name, text] of [...csvFiles(variants), ...csvFiles(reps)]) expect(csvProblems(name, text)).toEqual([]);
    const comparison = readFileSync(join(variants, 'comparison.csv'), 'utf8').split('\n');
    expect(comparison[0]).toBe('workload,metric,unit,better,variant,value');
    expect(comparison).toContain(comparison.find((l) => l.startsWith('bulk,goodput,bps,higher,bare,')));
    expect(comparison.some((l) => l.startsWith(',total goodput,bps,higher,bare,'))).toBe(true);
    const replications = readFileSync(join(reps, 'replications.csv'), 'utf8').split('\n');
    expect(replications[0]).toBe('variant,workload,metric,unit,n,mean,halfWidth95,low95,high95');
    expect(replications.some((l) => l.startsWith(',poisson,delay p99,ns,3,'))).toBe(true);
  });

  it('intervals.csv: long form, one type per column', async () => {
    const out = join(work, 'intervals');
    await overlaysim('run', 'scenarios/quickstart.yaml', '--until', '30ms', '--set', 'intervals=10ms', '--out', out);
    const text = readFileSync(join(out, 'intervals.csv'), 'utf8');
    expect(csvProblems('intervals.csv', text)).toEqual([]);
    expect(columnTypes(text)).toEqual({ timeNs: 'number', kind: 'text', entity: 'text', metric: 'text', value: 'number' });
  });

  it('the checker finds what it looks for', () => {
    expect(csvProblems('x.csv', 'a,b\n1,true\nx,-1\n')).toEqual(['x.csv a: mixes number and text (1, x…)', 'x.csv b: mixes boolean and number (true, -1…)', 'x.csv b: holds -1']);
    expect(csvProblems('x.csv', 'delayNs,ok\n-3,yes\n')).toEqual(['x.csv delayNs: negative values', 'x.csv ok: holds yes']);
  });
});
