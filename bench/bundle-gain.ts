/**
 * What bundling the command line gains: the same commands as whole processes, run from the
 * esbuild bundle (bin/overlaysim.js, dist/bundle/) and from tsc's output (bench/tsc-output-cli.js,
 * dist/cli/), interleaved round by round with a bare `node -e 0`, so both builds meet the same
 * machine load. Each process reports its own CPU time (user + system, `process.cpuUsage()` at
 * exit, through a preload), which drifts less with load than wall time does. Prints medians and
 * best of wall and CPU per command, and the bundle/tsc ratio of median CPU. Target: the bundle
 * takes less CPU than tsc's output for every command (else bundling no longer pays off).
 *
 *   node --import tsx bench/bundle-gain.ts [--rounds N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchLine, ensureBuilt, info, judged, median, peakRssMb, report } from './lib.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const ROUNDS = Number(values.rounds);

/** Preloaded into each timed process: prints its CPU time (µs) to stderr at exit. */
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent("process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`cpu-us ${u.user + u.system}\\n`); });")}`;

/** Wall time (ms) and CPU time (ms) of one process `node <args>`; throws if it fails. */
function timeWithCpu(args: readonly string[]): { wallMs: number; cpuMs: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const cpu = /^cpu-us (\d+)$/m.exec(r.stderr)?.[1];
  if (cpu === undefined) throw new Error(`node ${args.join(' ')} reported no CPU time`);
  return { wallMs, cpuMs: Number(cpu) / 1e3 };
}

ensureBuilt();
const out = mkdtempSync(join(tmpdir(), 'overlaysim-bundle-gain-'));
const COMMANDS = [
  { label: '--version', args: ['--version'] },
  { label: 'validate quickstart', args: ['validate', 'scenarios/quickstart.yaml'] },
  { label: 'run p2p-udp', args: ['run', 'scenarios/p2p-udp.yaml', '--quiet', '--out', join(out, 'r')] },
];
const BUILDS = [
  { label: 'bundle', entry: 'bin/overlaysim.js' },
  { label: 'tsc', entry: 'bench/tsc-output-cli.js' },
];
const contenders = [
  { label: 'node -e 0', args: ['-e', '0'] },
  ...COMMANDS.flatMap((c) => BUILDS.map((b) => ({ label: `${b.label} ${c.label}`, args: [b.entry, ...c.args] }))),
];

const loadBefore = loadavg()[0] ?? 0;
console.log(`bundle-gain: whole processes, ${ROUNDS} rounds, each round runs every contender once in turn (after one untimed round); load average ${loadBefore.toFixed(2)}`);
const wall = contenders.map(() => [] as number[]);
const cpu = contenders.map(() => [] as number[]);
try {
  for (const c of contenders) timeWithCpu(c.args);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, c] of contenders.entries()) {
      const t = timeWithCpu(c.args);
      wall[i]?.push(t.wallMs);
      cpu[i]?.push(t.cpuMs);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const lines: BenchLine[] = [info('load average (1 min) before / after', `${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)}`)];
for (const [i, c] of contenders.entries()) {
  const w = wall[i] as number[];
  const u = cpu[i] as number[];
  console.log(`  ${c.label.padEnd(30)} wall median ${median(w).toFixed(0).padStart(5)} ms best ${Math.min(...w).toFixed(0).padStart(5)} ms   cpu median ${median(u).toFixed(0).padStart(5)} ms best ${Math.min(...u).toFixed(0).padStart(5)} ms`);
}
for (const [k, c] of COMMANDS.entries()) {
  const bundle = 1 + 2 * k;
  const tsc = bundle + 1;
  const ratio = median(cpu[bundle] as number[]) / median(cpu[tsc] as number[]);
  lines.push(info(`${c.label}: wall median, bundle / tsc`, `${median(wall[bundle] as number[]).toFixed(0)} / ${median(wall[tsc] as number[]).toFixed(0)} ms`));
  lines.push(judged(`${c.label}: CPU median, bundle / tsc`, `${ratio.toFixed(2)}×`, '< 1×', ratio < 1));
}
report({ name: 'bundle-gain', lines, peakRssMb: peakRssMb() });
