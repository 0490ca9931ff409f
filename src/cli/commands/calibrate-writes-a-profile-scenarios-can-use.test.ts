import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { customProfileSchema } from '../../scenario/schema-overlay.ts';
import { captureOutputAsync } from '../capture-output.ts';
import { calibrateCommand } from './calibrate.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-calibrate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('calibrate', () => {
  it('writes a JSON profile that the schema accepts and that a scenario loads through hosts.cpu', async () => {
    const out = join(work, 'profiles', 'calibrated.json');
    // Tiny budgets keep this well under a second; the numbers are noisy but must be sane. The
    // kernel stack is not timed here (see calibrate-times-the-kernel-stack-where-it-can).
    const { result, stdout } = await captureOutputAsync(() =>
      calibrateCommand({ out, repeats: '2', cipher: 'chacha20-poly1305', base: 'aesni', stack: false }, { budgetMs: 5, warmupMs: 2 }),
    );
    expect(result).toBe(0);
    expect(stdout).toContain(`OpenSSL ${process.versions.openssl}`);
    expect(stdout).toMatch(/chacha20-poly1305 +fixedNs \d+, nsPerByte [\d.e-]+/);
    expect(stdout).toContain('kernel stack: not timed: not asked for (--no-stack). Only the ciphers were fitted');

    const file = JSON.parse(readFileSync(out, 'utf8'));
    const profile = customProfileSchema.parse(file);
    expect(profile.base).toBe('aesni');
    expect(profile.cipher).toBe('chacha20-poly1305');
    expect(profile.segmentNs).toBeUndefined();
    // The file records what was measured and what was not.
    expect(profile.measured).toEqual([
      'AEAD seals of aes-128-gcm and chacha20-poly1305 with node:crypto at 1500 B and 65536 B',
      "not measured: the kernel stack (not asked for (--no-stack)); syscallNs, segmentNs, copyNsPerByte, checksumNsPerByte, vxlanNs and vxlanPollNs are the base profile's",
      'not probed: whether this kernel can run ESP and WireGuard (not asked for (--no-stack)); all cipher costs are fitted from the node:crypto timing only',
    ]);
    for (const value of [profile.cryptoFixedNs, profile.cryptoNsPerByte, profile.wireguardCryptoFixedNs, profile.wireguardCryptoNsPerByte]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }

    // The scenario sits in the temp dir, so `profiles/calibrated.json` resolves beside it.
    const scenario = `
name: uses-calibration
duration: 1s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps } }
hosts: { cpu: profiles/calibrated.json }
`;
    const { resolved } = loadScenarioText(join(work, 'scenario.yaml'), scenario);
    expect(resolved.hostCpu.profile.cryptoNsPerByte).toBe(file.cryptoNsPerByte);
    expect(resolved.hostCpu.profile.cryptoFixedNs).toBe(file.cryptoFixedNs);
    // `measured` is a record, not a cost: it does not reach the profile the hosts use.
    expect('measured' in resolved.hostCpu.profile).toBe(false);
    expect(resolved.hostCpu.profile.cipher).toBe('chacha20-poly1305');
    expect(resolved.hostCpu.profile.segmentNs).toBe(1986); // from the aesni base
  });
});
