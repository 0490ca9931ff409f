import { describe, expect, it } from 'vitest';
import { cliAsync } from '../test-support/cli.ts';

/** `--seed ''` used to become seed 0; it, and anything but digits, is a usage error before anything runs. */
describe('--seed', () => {
  it.each(['', ' 7', '1.5', '-1', '0x10', '4294967296'])('%j: exit 2, nothing run', async (seed) => {
    const r = await cliAsync('run', 'scenarios/p2p-udp.yaml', '--seed', seed, '--out', '/nonexistent/never-written');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`option '--seed <n>' argument '${seed}' is invalid. expected an integer from 0 to 4294967295`);
    expect(r.stderr).not.toContain('events in');
  });
});
