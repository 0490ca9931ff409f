/**
 * Writes the V8 code cache of every chunk of the command line's bundle after a warm run, so the
 * cache holds the bytecode of the functions a run calls, not only of each chunk's top level.
 * scripts/bundle.js starts it as a Node process of its own once the chunks are written:
 *
 *   node scripts/train-code-cache.js <bundle folder>
 *
 * The warm run is what users run first: validate the default scenario (scenarios/quickstart.yaml,
 * what `npm start` runs), then run it for a few simulated milliseconds and write its results
 * (report included) to a temporary folder. It is not the benchmark's scenario (p2p-udp), so the
 * benchmark gains nothing the default run does not. Chunks that run
 * does not load (other commands) get a cache of their top level.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_CACHE_SUFFIX, codeCacheOf, loadChunk } from '../dist/cli/bundle-loader.js';

const [bundleDir = ''] = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), 'overlaysim-code-cache-'));
try {
  const { main } = loadChunk(join(bundleDir, 'main.cjs'));
  const runs = [
    ['validate', 'scenarios/quickstart.yaml'],
    ['run', 'scenarios/quickstart.yaml', '--until', '20ms', '--quiet', '--out', join(scratch, 'quickstart')],
  ];
  for (const args of runs) {
    const status = await main(['node', 'overlaysim', ...args]);
    if (status !== 0) throw new Error(`overlaysim ${args.join(' ')} exited with ${status}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
for (const name of readdirSync(bundleDir).filter((f) => f.endsWith('.cjs'))) {
  writeFileSync(join(bundleDir, `${name}${CODE_CACHE_SUFFIX}`), codeCacheOf(join(bundleDir, name)));
}
