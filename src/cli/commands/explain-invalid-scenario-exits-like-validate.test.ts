import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../capture-output.ts';
import { ExitCode } from '../exit-codes.ts';
import { explainCommand } from './explain.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-explain-bad-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('explain, bad input', () => {
  it('reports an invalid scenario with file:line:col and exits 3, printing nothing on stdout', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, 'name: bad\nduration: 1s\nunderlay: { topology: star, hosts: 2, hostLink: { bandwith: 1Gbps } }\n');
    const { result, stdout, stderr } = captureOutput(() => explainCommand(file, { set: [] }));
    expect(result).toBe(ExitCode.InvalidScenario);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}:3:`);
    expect(stderr).toContain('bandwith');
  });

  it('exits 2 when the file cannot be read', () => {
    const { result, stderr } = captureOutput(() => explainCommand(join(work, 'missing.yaml'), { set: [] }));
    expect(result).toBe(ExitCode.Usage);
    expect(stderr).toContain('cannot read scenario file');
  });
});
