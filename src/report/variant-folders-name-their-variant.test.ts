import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-variant-names-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function overlaysim(...args: string[]): Promise<void> {
  expect(await main(['node', 'overlaysim', ...args, '--quiet'])).toBe(0);
}

describe('a run with variants', () => {
  it('names the variant in each variant folder’s summary.json, summary.md and report.html, and has a top report.html', async () => {
    const out = join(work, 'run');
    await overlaysim('run', 'scenarios/encrypted-vs-plain.yaml', '--until', '2ms', '--out', out);
    for (const variant of ['bare', 'overlay', 'encrypted']) {
      const summary = JSON.parse(readFileSync(join(out, variant, 'summary.json'), 'utf8')) as { scenario: string; variant: unknown };
      expect(summary.scenario).toBe('encrypted-vs-plain');
      expect(summary.variant).toBe(variant);
      expect(readFileSync(join(out, variant, 'summary.md'), 'utf8').split('\n')[0]).toBe(`# encrypted-vs-plain: variant ${variant}`);
      expect(readFileSync(join(out, variant, 'report.html'), 'utf8')).toContain(`<h1>encrypted-vs-plain: variant ${variant}</h1>`);
    }
    const top = readFileSync(join(out, 'report.html'), 'utf8');
    expect(top).toContain('<h1>encrypted-vs-plain: bare vs overlay vs encrypted</h1>');
    expect(top).toContain('<a href="encrypted/report.html">encrypted</a>');
  });

  it('names it in the summary.json of each sweep run too, and a run without variants has no variant field', async () => {
    const out = join(work, 'sweep');
    await overlaysim('sweep', 'scenarios/encrypted-vs-plain.yaml', '--until', '1ms', '--jobs', '1', '--out', out);
    expect(JSON.parse(readFileSync(join(out, 'overlay', 'summary.json'), 'utf8')).variant).toBe('overlay');
    const single = join(work, 'single');
    await overlaysim('run', 'scenarios/p2p-udp.yaml', '--until', '1ms', '--out', single);
    expect(Object.keys(JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')))).not.toContain('variant');
  });
});
