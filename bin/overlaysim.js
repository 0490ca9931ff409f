#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on load (cached), so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
