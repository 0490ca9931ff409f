import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

/**
 * run.json's `modelSha256` names the code that made a result. A build holds that code twice:
 * tsc's output in dist/ (which the library runs) and the command line's bundle made from it
 * (dist/bundle/, which bin/overlaysim.js runs). The hash covers tsc's output alone, so the
 * bundled command line and the library record one hash, and the command line does not read
 * the bundle's 1.8 MB a second time at every run. Checked by hashing a copy of dist/ without
 * the bundle, its metafile and the hash the build recorded (dist/code-sha256.txt, which the
 * command line reads instead of hashing): the command line's run.json must name that hash (the
 * build is the global set-up's).
 */
it('the bundled command line records the hash of the compiled files without the bundle', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'overlaysim-hash-'));
  try {
    const run = spawnSync(process.execPath, ['bin/overlaysim.js', 'run', 'scenarios/p2p-udp.yaml', '--until', '1ms', '--out', join(scratch, 'r'), '--quiet'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const fromCli = (JSON.parse(readFileSync(join(scratch, 'r', 'run.json'), 'utf8')) as { provenance: { modelSha256: string } }).provenance.modelSha256;

    // The copy sits like a package: its package.json beside dist/, which version.ts reads.
    cpSync('package.json', join(scratch, 'pkg', 'package.json'));
    // Without the hash the build recorded (code-sha256.txt), so the copy hashes its files itself.
    cpSync('dist', join(scratch, 'pkg', 'dist'), { recursive: true, filter: (src) => !/[/\\]bundle$|\.bundle-meta\.json$|[/\\]code-sha256\.txt$/.test(src) });
    const script = `const { codeSha256 } = await import(${JSON.stringify(pathToFileURL(join(scratch, 'pkg', 'dist', 'cli', 'provenance.js')).href)}); process.stdout.write(codeSha256());`;
    const copy = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(copy.status, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/^[0-9a-f]{64}$/);
    expect(fromCli).toBe(copy.stdout);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
