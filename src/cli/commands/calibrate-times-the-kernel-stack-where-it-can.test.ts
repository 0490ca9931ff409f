import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { customProfileSchema } from '../../scenario/schema-overlay.ts';
import { captureOutputAsync } from '../capture-output.ts';
import { whyStackCannotBeTimed } from '../stack-timing.ts';
import { calibrateCommand } from './calibrate.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-calibrate-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Why this machine cannot run the real measurement (no root, no `ip`, no namespaces), if so. */
const why = whyStackCannotBeTimed();

/**
 * One bounded smoke test of the real measurement: a single repeat of at most 3000 datagrams or
 * 1 s per case. The fitted numbers depend on this machine and its load, so only their sanity
 * and the clean-up are checked; the fit itself is tested on synthetic points
 * (stack-fit-recovers-costs-from-measurements.test.ts).
 */
describe('calibrate, kernel stack', () => {
  it.skipIf(why !== undefined)(`times veth and VXLAN in its own namespaces, fits the stack costs, and deletes the namespaces${why ? ` (skipped: ${why})` : ''}`, async () => {
    const out = join(work, 'stack.json');
    const { result, stdout } = await captureOutputAsync(() =>
      calibrateCommand({ out, repeats: '1', cipher: 'aes-128-gcm', base: 'aesni', stackRepeats: '1' }, { budgetMs: 5, warmupMs: 2, stackBounds: { datagrams: 3000, maxMs: 1000 } }),
    );
    expect(result).toBe(0);
    expect(stdout).toContain('kernel stack: UDP datagrams through veth and through VXLAN');
    expect(stdout).toMatch(/fit per side: segmentNs \d+, copyNsPerByte [\d.e-]+, vxlanNs \d+; worst error against the medians [\d.]+ %/);
    const profile = customProfileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    for (const value of [profile.segmentNs, profile.copyNsPerByte, profile.vxlanNs]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    // A datagram's stack work is microseconds, not nanoseconds or seconds.
    expect(profile.segmentNs).toBeGreaterThan(100);
    expect(profile.segmentNs).toBeLessThan(1e6);
    const left = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    expect(left).not.toContain(`osim-${process.pid}-`);
  });
});
