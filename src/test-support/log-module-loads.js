// Preloaded with `node --import`: writes `loaded <url>` to stderr for every ES module Node loads,
// so a test can tell which modules a command pulled in.
import { register } from 'node:module';

const hooks = 'export async function load(url, context, next) { process.stderr.write(`loaded ${url}\\n`); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
