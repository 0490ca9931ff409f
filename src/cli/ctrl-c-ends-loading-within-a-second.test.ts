import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_ENV, cli, tree } from '../test-support/cli.ts';

/**
 * Loading a large topology is one long synchronous step (parse, validate, build routes): a
 * Ctrl-C then must end the process within a second, not when loading ends, and leave the
 * earlier results and no temporary folder. Here 3000 hosts and 300 switches, which takes
 * several seconds to load on a shared machine.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-sigint-load-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function largeTopology(): string {
  const hosts = Array.from({ length: 3000 }, (_, i) => `host${i}`);
  const switches = Array.from({ length: 300 }, (_, i) => `sw${i}`);
  const links = [
    ...hosts.map((h, i) => `    - { between: [${h}, sw${i % 300}], bandwidth: 10Gbps, delay: 1us }`),
    ...switches.slice(1).map((s, i) => `    - { between: [${s}, sw${Math.floor(i / 2)}], bandwidth: 40Gbps, delay: 2us }`),
  ];
  return [
    'name: large',
    'duration: 10ms',
    'underlay:',
    '  topology: explicit',
    `  hosts: [${hosts.join(', ')}]`,
    `  switches: [${switches.join(', ')}]`,
    '  links:',
    ...links,
    'workloads:',
    '  - { name: w, kind: udp-cbr, from: host1, to: host2, packetRate: 1000/s, packetSize: 1000B }',
    '',
  ].join('\n');
}

describe('Ctrl-C while a large topology loads', () => {
  it('ends the process within a second, writing nothing', async () => {
    const out = join(work, 'out');
    expect(cli('run', 'scenarios/p2p-udp.yaml', '--out', out, '--quiet').status).toBe(0);
    const before = tree(out);
    const scenario = join(work, 'large.yaml');
    writeFileSync(scenario, largeTopology());

    const child = spawn(process.execPath, ['bin/overlaysim.js', 'run', scenario, '--out', out, '--quiet'], { env: CLI_ENV });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() })),
    );
    // The command starts in a few tenths of a second; this scenario then takes about three
    // seconds to load on a quiet machine (more on a busy one), so 1.5 s falls inside its loading.
    await new Promise((r) => setTimeout(r, 1500));
    const sentMs = performance.now();
    child.kill('SIGINT');
    const { code, signal, atMs } = await ended;

    expect(code === 130 || signal === 'SIGINT', `code ${code}, signal ${signal}, stderr ${stderr}`).toBe(true);
    expect(atMs - sentMs).toBeLessThan(1000);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(work).sort()).toEqual(['large.yaml', 'out']);
  });
});
