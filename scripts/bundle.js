/**
 * Bundles the command line from tsc's output (dist/) with esbuild into dist/bundle/: one file per
 * entry point (main.cjs for bin/overlaysim.js, worker.cjs for sweep workers, blaster.cjs for
 * calibrate's traffic generator) and shared chunks beside them, each with the V8 code cache of a
 * warm run (`*.cjs.v8cache`). Starting a process then reads a few files instead of a few hundred
 * (zod and yaml alone are about 175 module files), and V8 deserialises their code instead of
 * compiling it.
 *
 * - Commands stay lazy: main.ts imports a command's module inside its action, and with
 *   `splitting` each such dynamic import becomes its own chunk, so `--version` loads no model
 *   and `run` no report code it does not use.
 * - Chunks are CommonJS, loaded by src/cli/bundle-loader.ts through `vm.Script` with the code
 *   cache (Node 20 caches no compiled ES modules). esbuild splits ES modules only, so the
 *   bundle is made as ES modules first and each output file is then turned into CommonJS with
 *   esbuild's transform: imports of other chunks become `require('./chunk-….cjs')`, a dynamic
 *   import becomes a `require` inside a promise (still lazy), and `import.meta.url` the chunk's
 *   own file URL. Each chunk is written already wrapped in the function Node puts around a
 *   CommonJS module (`(function (exports, require, module, __filename, __dirname) {...})`), so
 *   the loader compiles the file's text as it is read, without building a second copy of it.
 * - The chunks are made plain ASCII: esbuild already escapes strings, and what is left (comments)
 *   is escaped too, so the loader reads them as Latin-1 without decoding UTF-8.
 * - The code cache comes from a warm run at build time (scripts/train-code-cache.js: validate a
 *   scenario, run one for a few simulated milliseconds), so it holds the bytecode of every function
 *   that ran, not only of the chunks' top levels. V8 refuses it under another Node version and
 *   the loader then compiles as usual.
 * - worker.js and blaster.js are small ES modules that load worker.cjs and blaster.cjs through the
 *   loader: the sweep pool and calibrate start them by those names.
 * - Paths computed from `import.meta.url` still hold: every output sits flat in dist/bundle/, two
 *   folders below the package root like dist/cli/*.js, so `../../package.json` (version.ts),
 *   `./worker.js` (sweep/pool.ts) and `./blaster.js` (cli/stack-timing.ts) name the same files.
 * - Vega and Vega-Lite are not bundled: the report only copies their single-file builds,
 *   resolved from node_modules at run time (report/html/render-chart.ts).
 * - dist/.bundle-meta.json is esbuild's metafile (which source files each chunk holds); the test
 *   of lazy loading reads it. It is not packed.
 * - dist/bundle/THIRD-PARTY-LICENSES.txt carries the licence of every package copied into the
 *   bundle; bundling fails when a package's licence text cannot be found.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Entry points of the bundle (output name: tsc output it starts from). */
const ENTRIES = { main: 'dist/cli/main.js', worker: 'dist/sweep/worker.js', blaster: 'dist/cli/blaster.js' };
/** Entry points started by file name as ES modules (a worker thread, a child process): each gets a `.js` that loads its `.cjs`. */
const STARTED_BY_NAME = ['worker', 'blaster'];
export const BUNDLE_DIR = 'dist/bundle';
export const METAFILE = 'dist/.bundle-meta.json';
const NOTICE_FILE = 'THIRD-PARTY-LICENSES.txt';

/** The text before and after a chunk's CommonJS code: the function Node wraps a CommonJS module in. */
const MODULE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];

/** What a chunk's `import.meta.url` becomes in CommonJS, defined by a first line of its own. */
const META_URL = '__overlaysimImportMetaUrl';
const META_URL_LINE = `var ${META_URL} = require("node:url").pathToFileURL(__filename).href;`;

/** Writes dist/bundle/ from dist/ under `root`; throws when esbuild fails, a licence is missing or the warm run fails. */
export function bundleCli(root) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const outdir = join(root, BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true }); // chunk names carry hashes: drop the old ones
  mkdirSync(outdir, { recursive: true });
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.cjs' }, // so imports of other chunks already name the CommonJS files
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    external: ['vega', 'vega-lite'],
    legalComments: 'none', // the licences are in THIRD-PARTY-LICENSES.txt, whole
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  for (const file of result.outputFiles) writeFileSync(file.path, `${MODULE_WRAPPER[0]}${asciiOnly(toCommonJs(esbuild, file.text, file.path))}${MODULE_WRAPPER[1]}`);
  for (const name of STARTED_BY_NAME) writeFileSync(join(outdir, `${name}.js`), startByName(name));
  writeFileSync(join(root, METAFILE), JSON.stringify(result.metafile));
  writeFileSync(join(outdir, NOTICE_FILE), thirdPartyNotice(root, Object.keys(result.metafile.inputs)));
  writeCodeCaches(root);
}

/** One ES module chunk of the bundle as CommonJS (see the head of this file). */
function toCommonJs(esbuild, code, path) {
  const r = esbuild.transformSync(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false }, // import('./chunk.cjs') becomes a require in a promise
    define: { 'import.meta.url': META_URL },
    sourcefile: path,
    logLevel: 'silent',
  });
  // esbuild warns of an `import.meta` it cannot carry over (other than `.url`, defined above).
  if (r.warnings.length > 0) throw new Error(`${path}: ${r.warnings.map((w) => w.text).join('; ')}`);
  const cjs = exportsDirectly(r.code, path);
  return cjs.includes(META_URL) ? `${META_URL_LINE}${cjs}` : cjs;
}

/**
 * esbuild's CommonJS exports a copy of the chunk's export object whose every property is a
 * getter reading the original's by name (`__toCommonJS`), for interoperation with other
 * bundlers. The chunks are only required by each other, so `module.exports` is the export object
 * itself, whose getters return the bindings directly: the simulation reads other chunks'
 * exports (PacketKind...) per packet, and the copy's getters cost a run of p2p-udp about 10 ms.
 */
function exportsDirectly(code, path) {
  const pattern = /^module\.exports = __toCommonJS\((\w+)\);$/m;
  if (!code.includes('__toCommonJS(')) return code;
  const direct = code.replace(pattern, 'module.exports = __defProp($1, "__esModule", { value: true });');
  if (direct.includes('__toCommonJS(')) throw new Error(`${path}: esbuild's CommonJS exports are not as expected`);
  return direct;
}

/**
 * `code` with every character outside ASCII written as a `\u` escape. esbuild writes strings,
 * template literals, regular expressions and names in ASCII already, so what this changes is
 * comments; an escape in a string would mean the same character anyway.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The ES module that starts entry `name` by loading its CommonJS chunk with the code cache. */
function startByName(name) {
  return [
    `// Starts ${name}.cjs, the bundled entry point, through the loader that uses its code cache (see scripts/bundle.js).`,
    "import { fileURLToPath } from 'node:url';",
    "import { loadChunk } from '../cli/bundle-loader.js';",
    '',
    `loadChunk(fileURLToPath(new URL('./${name}.cjs', import.meta.url)));`,
    '',
  ].join('\n');
}

/**
 * Writes each chunk's code cache from a warm run in a separate Node process (so the build's own
 * state and flags do not enter it; NODE_OPTIONS is left out, since V8 refuses a cache made under
 * other flags).
 */
function writeCodeCaches(root) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.js'), join(root, BUNDLE_DIR)], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the warm run for the code cache failed:\n${r.stdout}${r.stderr}`);
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
