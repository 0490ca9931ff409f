import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from './main.ts';

const EXAMPLES = readdirSync('examples');

/** Every `overlaysim.js <command> --option` pair the example uses. */
function optionsUsed(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const m of text.matchAll(/overlaysim\.js (\w+)((?:[^\n]|\n\s+--|\\\n)*)/g)) {
    for (const o of (m[2] ?? '').matchAll(/\s(--[a-z-]+)/g)) pairs.push([m[1] as string, o[1] as string]);
  }
  return pairs;
}

describe('examples', () => {
  it.each(EXAMPLES.filter((f) => /\.ya?ml$/.test(f)))('%s is valid YAML', (file) => {
    for (const doc of parseAllDocuments(readFileSync(`examples/${file}`, 'utf8'))) expect(doc.errors).toEqual([]);
  });

  it.each(EXAMPLES)('%s uses only commands and options overlaysim has', async (file) => {
    const pairs = optionsUsed(readFileSync(`examples/${file}`, 'utf8'));
    expect(pairs.length).toBeGreaterThan(0);
    for (const [command, option] of pairs) {
      let help = '';
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => {
        help += chunk;
        return true;
      }) as typeof process.stdout.write;
      try {
        await main(['node', 'overlaysim', command, '--help']);
      } finally {
        process.stdout.write = write;
      }
      expect(help, `${command} ${option}`).toContain(option);
    }
  });
});
