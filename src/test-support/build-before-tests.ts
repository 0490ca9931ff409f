/**
 * Vitest's global set-up: many tests start the command line as users do (`node
 * bin/overlaysim.js`), which runs the compiled dist/. Building it here, before any test file
 * runs, makes those tests exercise the current sources, never a dist/ left from an older build.
 * The build is incremental and skipped when no source changed since the last one. Type errors
 * do not stop the tests (tsc still writes the JavaScript); they are printed, and
 * `npm run typecheck` and `npm ci` fail on them.
 */
import { buildDist } from '../../scripts/build.js';

export default function buildBeforeTests(): void {
  const started = performance.now();
  const { status, output } = buildDist();
  if (status !== 0) process.stderr.write(`build of dist/ reported errors (tests run on what tsc wrote):\n${output}\n`);
  const ms = performance.now() - started;
  if (ms > 1000) process.stderr.write(`built dist/ from src/ in ${(ms / 1000).toFixed(1)} s\n`);
}
