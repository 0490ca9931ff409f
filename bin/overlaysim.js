#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Runs the command line's bundle in dist/bundle/, which `npm ci` (the `prepare` script) and
// `npm run build` write from src/ (scripts/build.js and bundle.js), through the loader that hands
// V8 each chunk's code cache (src/cli/bundle-loader.ts). Only the command line's parser loads
// here; each command loads its own chunks.

// Ctrl-C while the modules load: nothing has been written yet, so stop at once. Commands that
// run or write replace this handler with their own (src/cli/interrupt.ts).
process.on('SIGINT', function overlaysimEarlyExit() {
  process.stderr.write('interrupted before the run started; nothing written, earlier results left as they were\n');
  process.exit(130);
});
const entry = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('overlaysim is not built: run `npm run build` (npm ci does it)\n');
  process.exit(1);
}
const { loadChunk } = await import('../dist/cli/bundle-loader.js');
const { main } = loadChunk(entry);
process.exitCode = await main(process.argv);
