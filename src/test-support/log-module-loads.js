// Preloaded with `node --import`: writes `loaded <url>` to stderr for every ES module Node loads,
// and for every file compiled with node:vm's compileFunction (how the chart libraries' single-file
// builds load), so a test can tell which modules a command pulled in.
import { register, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const hooks = 'export async function load(url, context, next) { process.stderr.write(`loaded ${url}\\n`); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const compileFunction = vm.compileFunction;
vm.compileFunction = function logged(code, params, options) {
  if (options?.filename) process.stderr.write(`loaded ${pathToFileURL(options.filename).href}\n`);
  return compileFunction.call(this, code, params, options);
};
syncBuiltinESMExports();
