import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasScript, runInTerminal, screenLines } from '../test-support/terminal-screen.ts';

const out = mkdtempSync(join(tmpdir(), 'overlaysim-tty-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The headline a run prints: label, events, wall time and the four headline figures. */
const HEADLINE = /^(\S+): \d+ events in \d+\.\d\d s; goodput [\d.]+ [KMG]?bit\/s, mean delay [\d.]+ (ns|µs|ms|s), loss [\d.]+ %, CPU [\d.]+ cores$/;

// util-linux `script` gives the command a pseudo-terminal, so stderr.isTTY is true and the bar is drawn.
describe.skipIf(!hasScript())('progress bar on a terminal', () => {
  it('leaves the headline and the results line whole on the final screen', () => {
    const { raw, status } = runInTerminal(`node bin/overlaysim.js run scenarios/quickstart.yaml --until 200ms --out ${out}/qs`, process.cwd());
    expect(status).toBe(0);
    expect(raw).toContain('simulating [');
    const screen = screenLines(raw);
    expect(screen).toHaveLength(2);
    expect(screen[0]).toMatch(HEADLINE);
    expect(screen[0]?.startsWith('quickstart: ')).toBe(true);
    expect(screen[1]).toBe(`results in ${out}/qs/ (summary.md first)`);
  });

  it('keeps every variant’s headline on its own line', () => {
    const { raw, status } = runInTerminal(`node bin/overlaysim.js run scenarios/encrypted-vs-plain.yaml --until 20ms --out ${out}/evp`, process.cwd());
    expect(status).toBe(0);
    const screen = screenLines(raw);
    expect(screen.map((l) => HEADLINE.exec(l)?.[1])).toEqual(['bare', 'overlay', 'encrypted', undefined]);
    expect(screen[3]).toBe(`results in ${out}/evp/ (summary.md first)`);
    expect(screen.join('\n')).not.toContain('ETA');
  });
});
