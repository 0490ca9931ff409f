// Preloaded with `node --import`: writes `loaded <url>` to stderr for every ES module Node loads,
// so a test can tell which modules a command pulled in; and, as the process exits, `chunk <url>
// <cache use>` for every chunk of the command line's bundle that bundle-loader.js ran (those are
// CommonJS files run through vm.Script, which no module hook sees), with whether V8 used its
// code cache. The loader module imported here is the same instance bin/overlaysim.js imports.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { loadedChunks } from '../../dist/cli/bundle-loader.js';

const hooks = 'export async function load(url, context, next) { process.stderr.write(`loaded ${url}\\n`); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
process.on('exit', () => {
  for (const { file, cache } of loadedChunks()) process.stderr.write(`chunk ${pathToFileURL(file).href} ${cache}\n`);
});
