import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliAsync, tree } from '../test-support/cli.ts';

/**
 * Corrupt inputs to `check`, `compare` and `merge` are usage errors: exit 2 (never 1, which
 * means "regression" to `check`), with the file and what is wrong, no TypeError text, and
 * nothing written. A baseline without metrics fails rather than passing having compared nothing.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-corrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(work, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const metric = (value: unknown, tolerance?: unknown) => JSON.stringify({ tolerance: tolerance ?? 0.05, metrics: { 'p2p-udp: flow: goodput': { value, unit: 'bps', better: 'higher' } } });

const CASES: { name: string; args: () => string[]; words: (f: string) => string[] }[] = [
  { name: 'a baseline that is null', args: () => ['check', 'scenarios/p2p-udp.yaml', '--baseline', file('null.json', 'null')], words: (f) => [`${f} is not an overlaysim baseline: expected object, got null`] },
  { name: 'a baseline with metrics: null', args: () => ['check', 'scenarios/p2p-udp.yaml', '--baseline', file('metrics-null.json', '{"tolerance":0.05,"metrics":null}')], words: (f) => [`${f} is not an overlaysim baseline: metrics: expected record, got null`] },
  { name: 'a baseline value "abc"', args: () => ['check', 'scenarios/p2p-udp.yaml', '--baseline', file('abc.json', metric('abc'))], words: (f) => [`${f} is not an overlaysim baseline: metrics.p2p-udp: flow: goodput.value: expected number, got "abc"`] },
  { name: 'a baseline tolerance of 5 (500 %)', args: () => ['check', 'scenarios/p2p-udp.yaml', '--baseline', file('tol.json', metric(1, 5))], words: (f) => [`${f} is not an overlaysim baseline: tolerance: expected a share from 0 to below 1, e.g. 0.05, got number 5`] },
  { name: 'a baseline with no metrics', args: () => ['check', 'scenarios/p2p-udp.yaml', '--baseline', file('empty.json', '{"tolerance":0.05,"metrics":{}}')], words: (f) => [`${f} holds no metrics, so check would compare nothing`] },
  { name: 'a truncated summary.json', args: () => ['compare', join(work, 'a'), join(work, 'b')], words: () => [`${join(work, 'a', 'summary.json')} is not valid JSON`] },
  { name: 'a summary.json whose totals are null', args: () => ['compare', join(work, 'c'), join(work, 'b')], words: () => [`${join(work, 'c', 'summary.json')} is not an overlaysim summary.json: totals: expected object, got null`] },
  { name: 'a sweep.json that is null', args: () => ['merge', join(work, 'shard'), '--out', join(work, 'merged')], words: () => [`${join(work, 'shard', 'sweep.json')} is not the sweep.json of \`overlaysim sweep\`: expected object, got null`] },
];

describe('corrupt result files', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: exit 2 naming the file and the problem, nothing written', async (_name, c) => {
    file('a/summary.json', '{"scenario": "x", "seed": 1, "eng');
    file('b/summary.json', '{}');
    file('c/summary.json', '{"scenario": "x", "seed": 1, "engine": {"eventsProcessed": 1, "packetsCreated": 1}, "totals": null, "workloads": []}');
    file('shard/sweep.json', 'null');
    const args = c.args();
    const before = tree(work);
    const r = await cliAsync(...args);
    expect(r.status, r.stderr).toBe(2);
    const f = args.includes('--baseline') ? (args[args.indexOf('--baseline') + 1] as string) : '';
    for (const word of c.words(f)) expect(r.stderr).toContain(word);
    expect(r.stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
    expect(r.stdout).toBe('');
    expect(tree(work)).toEqual(before);
  });
});
