import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.ts';

describe('the stack path', () => {
  const root = mkdtempSync(join(tmpdir(), 'overlaysim-stack-path-'));
  mkdirSync(join(root, 'scenarios'));
  mkdirSync(join(root, 'stacks'));
  writeFileSync(join(root, 'stacks', 'app.yml'), 'services:\n  web: { deploy: { replicas: 3 } }\n');
  let written = 0;
  const scenarioWith = (stack: string) => {
    const file = join(root, 'scenarios', `s${++written}.yaml`);
    writeFileSync(file, `name: s\nduration: 1ms\nunderlay: { topology: star, hosts: 3, hostLink: { bandwidth: 1Gbps } }\nstack: ${stack}\n`);
    return file;
  };

  it('is relative to the scenario file\'s folder, not the working folder', () => {
    expect(loadScenario(scenarioWith('../stacks/app.yml')).resolved.services['web']?.replicas).toBe(3);
  });

  it('may be absolute', () => {
    expect(loadScenario(scenarioWith(join(root, 'stacks', 'app.yml'))).resolved.services['web']?.replicas).toBe(3);
  });
});
