#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on load (cached), so there is no build step.
import { register } from 'tsx/esm/api';

// Ctrl-C while the sources load: nothing has been written yet, so stop at once. Commands that
// run or write replace this handler with their own (src/cli/interrupt.ts).
process.on('SIGINT', function overlaysimEarlyExit() {
  process.stderr.write('interrupted before the run started; nothing written, earlier results left as they were\n');
  process.exit(130);
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
