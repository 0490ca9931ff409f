import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomically, WriteInterrupted } from './atomic-folder.ts';
import { tree } from '../test-support/cli.ts';

/**
 * A Ctrl-C while results are written (seen through `shouldStop`) abandons the write: the
 * earlier results stay as they were and no temporary folder is left.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeAtomically', () => {
  it('stops when asked, leaving the earlier results and no temporary folder', async () => {
    const out = join(work, 'out');
    await writeAtomically(out, new Map([['summary.md', 'earlier']]));
    const files = new Map(Array.from({ length: 2000 }, (_, i) => [`runs/r${i}/summary.md`, 'x'.repeat(10_000)] as const));
    let asked = 0;
    const write = writeAtomically(out, files, () => ++asked > 0);
    await expect(write).rejects.toBeInstanceOf(WriteInterrupted);
    expect(asked).toBeGreaterThan(0);
    expect(tree(out)).toEqual({ 'summary.md': 'earlier' });
    expect(readdirSync(work)).toEqual(['out']);
  });

  it('writes everything when not asked to stop', async () => {
    const out = join(work, 'whole');
    await writeAtomically(out, new Map([['a/b.csv', '1'], ['summary.md', 'new']]), () => false);
    expect(tree(out)).toEqual({ 'a/b.csv': '1', 'summary.md': 'new' });
  });
});
