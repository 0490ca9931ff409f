// The command line run from tsc's output (dist/cli/main.js) instead of the bundle that
// bin/overlaysim.js runs; bench/bundle-gain.ts times the two against each other.
const { main } = await import(new URL('../dist/cli/main.js', import.meta.url).href);
process.exitCode = await main(process.argv);
