/**
 * Bundles the command line from tsc's output (dist/) with esbuild into dist/bundle/: one file per
 * entry point (main.js for bin/overlaysim.js, worker.js for sweep workers, blaster.js for
 * calibrate's traffic generator) and shared chunks beside them. Starting a process then reads a
 * few files instead of a few hundred (zod and yaml alone are about 175 module files), which cuts
 * start-up CPU by about a quarter.
 *
 * - Commands stay lazy: main.ts imports a command's module inside its action, and with
 *   `splitting` each such dynamic import becomes its own chunk, so `--version` loads no model
 *   and `run` no report code it does not use.
 * - Paths computed from `import.meta.url` still hold: every output sits flat in dist/bundle/, two
 *   folders below the package root like dist/cli/*.js, so `../../package.json` (version.ts),
 *   `./worker.js` (sweep/pool.ts) and `./blaster.js` (cli/stack-timing.ts) name the same files.
 * - Vega and Vega-Lite are not bundled: the report only reads their single-file builds as text,
 *   resolved from node_modules at run time (report/html/render-chart.ts).
 * - dist/.bundle-meta.json is esbuild's metafile (which source files each chunk holds); the test
 *   of lazy loading reads it. It is not packed.
 * - dist/bundle/THIRD-PARTY-LICENSES.txt carries the licence of every package copied into the
 *   bundle; bundling fails when a package's licence text cannot be found.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Entry points of the bundle (output name: tsc output it starts from). */
const ENTRIES = { main: 'dist/cli/main.js', worker: 'dist/sweep/worker.js', blaster: 'dist/cli/blaster.js' };
export const BUNDLE_DIR = 'dist/bundle';
export const METAFILE = 'dist/.bundle-meta.json';
const NOTICE_FILE = 'THIRD-PARTY-LICENSES.txt';

/**
 * Bundled CommonJS packages call `require` (commander needs node:events...); esbuild's ES module
 * output has none, so each output file defines one for its own location.
 */
const REQUIRE_SHIM = "import { createRequire as overlaysimCreateRequire } from 'node:module'; const require = overlaysimCreateRequire(import.meta.url);";

/** Writes dist/bundle/ from dist/ under `root`; throws when esbuild fails or a licence is missing. */
export function bundleCli(root) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const outdir = join(root, BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true }); // chunk names carry hashes: drop the old ones
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    external: ['vega', 'vega-lite'],
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none', // the licences are in THIRD-PARTY-LICENSES.txt, whole
    metafile: true,
    logLevel: 'silent',
  });
  writeFileSync(join(root, METAFILE), JSON.stringify(result.metafile));
  writeFileSync(join(outdir, NOTICE_FILE), thirdPartyNotice(root, Object.keys(result.metafile.inputs)));
}

/** The package folder (`node_modules/name` or `node_modules/@scope/name`) of an input path, if any. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

/** The text of one package's licence: its LICENSE/LICENCE/COPYING file or, failing that, the first bundled file's leading comment that grants it. */
function licenceText(root, dir, inputs) {
  const file = readdirSync(join(root, dir)).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  if (file !== undefined) return readFileSync(join(root, dir, file), 'utf8').trim();
  for (const input of inputs) {
    const head = /^\s*\/\*([\s\S]*?)\*\//.exec(readFileSync(join(root, input), 'utf8'));
    if (head?.[1] !== undefined && /copyright/i.test(head[1]) && /permission|licen[cs]e/i.test(head[1])) return head[1].trim();
  }
  throw new Error(`no licence text found for ${dir}, which the bundle includes`);
}

/** THIRD-PARTY-LICENSES.txt: name, version, licence and licence text of each package in the bundle. */
function thirdPartyNotice(root, inputs) {
  const byPackage = new Map();
  for (const input of inputs) {
    const dir = packageDir(input);
    if (dir !== undefined) byPackage.set(dir, [...(byPackage.get(dir) ?? []), input]);
  }
  const sections = [...byPackage.keys()].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${licenceText(root, dir, byPackage.get(dir))}`;
  });
  const rule = `\n\n${'-'.repeat(72)}\n\n`;
  return `The files in this folder (dist/bundle/) include code of the following packages, under their own licences.${rule}${sections.join(rule)}\n`;
}
