import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/**
 * The sources import zod as a namespace (`import * as z from 'zod'`), which lets esbuild leave
 * out what nothing uses: zod's 60 translations of its messages and its JSON Schema import, two
 * thirds of it (751 kB of the bundle before, 208 kB after), which every command that reads a
 * scenario would otherwise read and load. One `import { z } from 'zod'` anywhere brings all of it
 * back; this checks the bundle the global set-up built (its metafile lists every input).
 */
it('the command line bundle holds zod without its translations other than English and without its JSON Schema import', () => {
  // Files esbuild read but shook out entirely are listed with 0 bytes in the outputs; count what is written.
  const meta = JSON.parse(readFileSync('dist/.bundle-meta.json', 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  const written = Object.values(meta.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0));
  const zod = written.map(([input]) => input).filter((input) => input.includes('node_modules/zod/'));
  const zodBytes = written.filter(([input]) => input.includes('node_modules/zod/')).reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  expect(zodBytes).toBeLessThan(300_000); // 208 kB when written; 751 kB with everything
  expect(zod.length).toBeGreaterThan(0);
  expect(zod).toContain('node_modules/zod/v4/locales/en.js');
  expect(zod.filter((input) => input.includes('/locales/') && !input.endsWith('/en.js'))).toEqual([]);
  expect(zod.filter((input) => input.endsWith('/from-json-schema.js'))).toEqual([]);
});
