/**
 * Runs every benchmark in sequence, each in its own Node process (so each peak RSS is its
 * own), streams their output, then prints one table of the headline figures. `npm run bench`.
 * Benchmarks assert nothing: the exit code is 0 unless a benchmark crashed, whatever PASS/MISS.
 *
 *   node --import tsx bench/run-all.ts [name ...]     e.g. `npm run bench -- p2p-udp`
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './lib.ts';

interface Benchmark {
  /** File name in bench/, without `.ts`. */
  file: string;
  args: string[];
  /** Runs on the alternative queue: figures for comparison, verdicts not counted. */
  alternative: boolean;
}

const BENCHMARKS: Benchmark[] = [
  { file: 'startup', args: [], alternative: false },
  { file: 'bundle-gain', args: [], alternative: false },
  { file: 'engine-hold', args: [], alternative: false },
  { file: 'engine-hold', args: ['--queue', 'tiny'], alternative: true },
  { file: 'p2p-udp', args: [], alternative: false },
  { file: 'p2p-udp', args: ['--queue', 'tiny'], alternative: true },
  { file: 'topology-build', args: [], alternative: false },
  { file: 'encrypted-vs-plain', args: [], alternative: false },
  { file: 'sweep-speedup', args: [], alternative: false },
  { file: 'tcp-bulk', args: [], alternative: false },
  { file: 'gossip-1000', args: [], alternative: false },
  { file: 'gossip-10000', args: [], alternative: false },
];
const FILES = [...new Set(BENCHMARKS.map((b) => b.file))];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !FILES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; expected some of: ${FILES.join(', ')}`);
  process.exit(2);
}
const selected = BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.file));

interface Outcome {
  name: string;
  alternative: boolean;
  result: BenchResult | undefined;
  exitCode: number | null;
  wallS: number;
}

function runChild(bench: Benchmark): Promise<Outcome> {
  const file = fileURLToPath(new URL(`./${bench.file}.ts`, import.meta.url));
  const name = [bench.file, ...bench.args].join(' ');
  const started = performance.now();
  return new Promise((resolve) => {
    let result: BenchResult | undefined;
    const child = fork(file, bench.args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.on('message', (message) => {
      result = message as BenchResult;
    });
    child.on('exit', (code, signal) => {
      resolve({ name, alternative: bench.alternative, result, exitCode: signal === null ? code : 128, wallS: (performance.now() - started) / 1e3 });
    });
  });
}

const outcomes: Outcome[] = [];
for (const bench of selected) {
  const name = [bench.file, ...bench.args].join(' ');
  console.log(`\n=== ${name} ${'='.repeat(Math.max(0, 70 - name.length))}`);
  outcomes.push(await runChild(bench));
}

const rows: string[][] = [['benchmark', 'metric', 'value', 'target', 'verdict']];
for (const o of outcomes) {
  if (o.result === undefined || o.exitCode !== 0) {
    rows.push([o.name, 'crashed', `exit code ${o.exitCode}`, '', 'ERROR']);
    continue;
  }
  for (const l of o.result.lines.filter((line) => line.target !== '')) {
    rows.push([o.name, l.metric, l.value, l.target, o.alternative ? `(${l.verdict})` : l.verdict]);
  }
  rows.push([o.name, 'process peak RSS / wall time', `${o.result.peakRssMb.toFixed(0)} MB / ${o.wallS.toFixed(1)} s`, '', '']);
}
const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
const format = (r: string[]) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
console.log(`\n=== summary ${'='.repeat(63)}`);
console.log(format(rows[0] as string[]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows.slice(1)) console.log(format(r));
const misses = rows.filter((r) => r[4] === 'MISS').length;
const errors = rows.filter((r) => r[4] === 'ERROR').length;
console.log(
  `\n${rows.filter((r) => r[4] === 'PASS').length} PASS, ${misses} MISS${errors > 0 ? `, ${errors} crashed` : ''} ` +
    '(figures, not tests: a MISS does not fail the run; verdicts in parentheses are for the alternative queue and not counted)',
);
process.exitCode = errors > 0 ? 1 : 0;
