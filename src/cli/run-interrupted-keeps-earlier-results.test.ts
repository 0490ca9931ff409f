import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-sigint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('Ctrl-C during a run', () => {
  it('exits 130, writes nothing, and leaves the earlier results and no temporary folder', async () => {
    const out = join(work, 'out');
    const first = spawnSync(process.execPath, ['bin/overlaysim.js', 'run', 'scenarios/p2p-udp.yaml', '--out', out, '--quiet']);
    expect(first.status).toBe(0);
    const before = snapshot(out);

    // A long run (quickstart stretched to 10 minutes of simulated time, above the default event
    // budget, so --max-events confirms it) into the same folder.
    const child = spawn(process.execPath, ['bin/overlaysim.js', 'run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'duration=600s', '--max-events', '100000000000']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Late enough, on a busy machine too, for the run to have started (a Ctrl-C while the
    // sources still load also exits 130 with nothing written).
    await new Promise((r) => setTimeout(r, 4000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));

    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted .*; nothing written, earlier results left as they were/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(work)).toEqual(['out']);
  });
});
