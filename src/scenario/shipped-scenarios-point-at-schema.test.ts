import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH, scenarioJsonSchema } from '../cli/commands/schema.ts';
import { loadScenario } from './load.ts';

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('shipped scenarios and the editor schema', () => {
  it('the committed JSON Schema is what `overlaysim schema` writes now', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchema());
  });

  it.each(SCENARIOS)('%s starts with the yaml-language-server schema line and is valid', (file) => {
    const text = readFileSync(`scenarios/${file}`, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../${SCHEMA_PATH}`);
    expect(() => loadScenario(`scenarios/${file}`)).not.toThrow();
  });
});
