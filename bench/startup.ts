/**
 * Start-up of the command line as a user meets it: whole processes, from spawn to exit, of
 * `overlaysim --version`, `overlaysim --help` and `overlaysim validate scenarios/quickstart.yaml`,
 * against a bare `node -e 0` timed in the same rounds. Targets: --version ≤ 3× and validate ≤ 6×
 * a bare Node start (ratios of medians, which drift much less than absolute times on a shared
 * machine). Builds dist/ first if the sources are newer, since bin/overlaysim.js runs dist/.
 *
 *   node --import tsx bench/startup.ts [--rounds N]
 */
import { parseArgs } from 'node:util';
import { type BenchLine, ensureBuilt, info, judged, median, peakRssMb, report, timeProcess } from './lib.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const ROUNDS = Number(values.rounds);

interface Contender {
  label: string;
  args: string[];
  /** Most times a bare Node start it may take; undefined when informative only. */
  targetRatio?: number;
}

const CONTENDERS: Contender[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'overlaysim --version', args: ['bin/overlaysim.js', '--version'], targetRatio: 3 },
  { label: 'overlaysim --help', args: ['bin/overlaysim.js', '--help'] },
  { label: 'overlaysim validate quickstart', args: ['bin/overlaysim.js', 'validate', 'scenarios/quickstart.yaml'], targetRatio: 6 },
];

ensureBuilt();
console.log(`startup: whole processes, ${ROUNDS} rounds, each round runs every contender once in turn; medians and best`);
// One untimed round first: it fills the file system cache, which a user's second start also finds warm.
for (const c of CONTENDERS) timeProcess(c.args);
const times = CONTENDERS.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, c] of CONTENDERS.entries()) times[i]?.push(timeProcess(c.args).ms);
}

const bare = median(times[0] as number[]);
const lines: BenchLine[] = [];
for (const [i, c] of CONTENDERS.entries()) {
  const ms = times[i] as number[];
  const m = median(ms);
  console.log(`  ${c.label.padEnd(32)} median ${m.toFixed(0).padStart(4)} ms  best ${Math.min(...ms).toFixed(0).padStart(4)} ms  (${ms.map((t) => t.toFixed(0)).join(' ')})`);
  lines.push(info(`${c.label}, median`, `${m.toFixed(0)} ms`));
  if (i === 0) continue;
  const ratio = m / bare;
  const metric = `${c.label} / node -e 0`;
  lines.push(c.targetRatio === undefined ? info(metric, `${ratio.toFixed(2)}×`) : judged(metric, `${ratio.toFixed(2)}×`, `<= ${c.targetRatio}×`, ratio <= c.targetRatio));
}
report({ name: 'startup', lines, peakRssMb: peakRssMb() });
