import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isCollection, isMap, isSeq, parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { resultFiles } from '../report/write-results.ts';
import { estimatedEvents } from '../scenario/estimate-events.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { captureOutput } from './capture-output.ts';
import { validateCommand } from './commands/validate.ts';
import { cli } from '../test-support/cli.ts';

/**
 * Property-based fuzzing of the shipped scenarios: each case mutates one of scenarios/*.yaml
 * (a field set to an odd value or removed, the text cut short or a YAML token inserted) and
 * checks invariants that hold for every input:
 *
 * 1. `validate` exits 0 or 3 (never 1 or 2, never a stack trace);
 * 2. a valid mutant runs a short stretch of simulated time without failing and gives files in
 *    which every number is finite (no NaN or Infinity in CSV, no null in JSON outside the
 *    provenance's variant overrides);
 * 3. per flow, received + lost ≤ sent, and the flows' packets in flight (sent − received −
 *    lost) are no more than the packets the simulator still holds when the run ends;
 * 4. time in vectors/*.csv never goes backwards;
 * 5. two runs give byte-identical files (run.json, the wall-clock file, aside).
 *
 * Seeded and bounded so it adds well under a minute to `npm test`. Wider nightly setting:
 * OVERLAYSIM_FUZZ_RUNS=2000 OVERLAYSIM_FUZZ_SEED=$RANDOM npx vitest run src/cli/fuzzed-scenarios-keep-invariants.test.ts
 * (a failure prints the seed and the shrunk mutant to replay).
 */
const SEED = Number(process.env['OVERLAYSIM_FUZZ_SEED'] ?? 20261203);
const VALIDATE_RUNS = Number(process.env['OVERLAYSIM_FUZZ_RUNS'] ?? 60);
const SIMULATE_RUNS = Math.max(4, Math.round(VALIDATE_RUNS / 6));
/** Simulated time of each run, ns, and the most predicted events a fuzzed run may take. */
const UNTIL_NS = 3_000_000;
const MAX_PREDICTED_EVENTS = 300_000;
/** Largest topology a fuzzed run builds (routes grow as hosts × nodes). */
const MAX_HOSTS_RUN = 600;

const SHIPPED = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join('scenarios', f), 'utf8') }));

const work = mkdtempSync(join(tmpdir(), 'overlaysim-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const numbers = [0, -1, 1, 2, 3, 1.5, 7, 64, 1500, 100000, 1e300, -1e-9, 2 ** 53];
const units = ['ns', 'us', 'ms', 's', 'bps', 'Mbps', 'Gbps', 'Tbps', 'B', 'KiB', 'MB', '/s', '/ms', '%', ''];
const value = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, '', 'abc', 'h1', 'web', 'appnet', 'spread', 'udp-cbr', 'tcp-bulk', 'star', [], {}, ['h1', 'h1'], { packets: 10, bytes: '10KB' }),
  fc.constantFrom(...numbers),
  fc.tuple(fc.constantFrom(...numbers), fc.constantFrom(...units)).map(([n, u]) => `${n}${u}`),
);

type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      token: fc.constantFrom(':', '[', '{', ' *a', ' &a', '\t', '\n- ', '"', '#', '\n  x: 1', '\nname: dup', '!!binary '),
    }),
  },
);

const mutant = fc.record({ scenario: fc.nat({ max: SHIPPED.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
/** Mutants for runs: one field set or removed, so that most stay valid. */
const fieldMutation = mutation.filter((m) => m.kind === 'set' || m.kind === 'delete');
const runMutant = fc.record({ scenario: fc.nat({ max: SHIPPED.length - 1 }), mutations: fc.array(fieldMutation, { minLength: 1, maxLength: 1 }) });

/** Paths of every node of a document's data, for picking one to change. */
function pathsOf(data: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(data)) data.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) pathsOf(v, [...prefix, k], out);
  return out;
}

function apply(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, Math.floor(text.length * m.at));
  if (m.kind === 'insert') {
    const at = Math.floor(text.length * m.at);
    return text.slice(0, at) + m.token + text.slice(at);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isCollection(doc.contents)) return text;
  const paths = pathsOf(doc.toJS());
  const path = paths[m.pick % paths.length];
  if (path === undefined) return text;
  if (m.kind === 'delete') doc.deleteIn(path);
  else {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent) && !isSeq(parent)) return text;
    doc.setIn(path, doc.createNode(m.value));
  }
  return doc.toString();
}

function mutantText(c: { scenario: number; mutations: Mutation[] }): { name: string; text: string } {
  const base = SHIPPED[c.scenario] as { name: string; text: string };
  return { name: base.name, text: c.mutations.reduce(apply, base.text) };
}

let fileNo = 0;
function writeMutant(text: string): string {
  const file = join(work, `mutant-${fileNo++}.yaml`);
  writeFileSync(file, text);
  return file;
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

/** Every number in a result file is finite; an empty CSV cell is allowed (no value). */
function finiteEverywhere(name: string, content: string): void {
  if (name.endsWith('.csv')) expect(content, name).not.toMatch(/NaN|Infinity/);
  if (name.endsWith('.json')) {
    const walk = (v: unknown, path: string): void => {
      if (v === null) expect(path.startsWith('provenance.variantSets'), `${name}: null at ${path}`).toBe(true);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk(JSON.parse(content), '');
  }
}

function checkVectors(name: string, content: string): void {
  if (!name.startsWith('vectors/')) return;
  const times = content.trim().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
  for (let i = 1; i < times.length; i++) expect(times[i], `${name} row ${i + 1}`).toBeGreaterThanOrEqual(times[i - 1] as number);
}

async function runFiles(file: string, text: string): Promise<Map<string, string> | undefined> {
  const loaded = loadScenarioText(file, text);
  const scenario = loaded.variants[0]?.resolved ?? loaded.resolved;
  if (scenario.topology.hosts.length > MAX_HOSTS_RUN || estimatedEvents(scenario, UNTIL_NS) > MAX_PREDICTED_EVENTS) return undefined;
  const result = await runScenario(scenario, { untilNs: UNTIL_NS, maxEvents: 5_000_000 });
  let inFlight = 0;
  for (const f of result.flows) {
    expect(f.rxPackets + f.lostPackets, `${f.flow}: received + lost ≤ sent`).toBeLessThanOrEqual(f.txPackets);
    inFlight += f.inFlightPackets;
  }
  expect(inFlight, 'packets in flight ≤ packets held').toBeLessThanOrEqual(result.packetsHeldAtEnd);
  const files = await resultFiles(result, { scenarioFile: file, scenarioSha256: loaded.sha256, toolVersion: 'fuzz', sets: [] });
  files.delete('run.json');
  files.delete('report.html');
  return files;
}

/** Turns on the cwnd/RTT vectors of every TCP workload, so their time order is checked. */
function withVectors(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  const workloads = doc.get('workloads', true);
  if (isSeq(workloads)) for (const w of workloads.items) if (isMap(w) && String(w.get('kind')).startsWith('tcp-')) w.set('vectors', true);
  return doc.toString();
}

describe('fuzzed shipped scenarios', () => {
  it(`validate exits 0 or 3 without a stack trace (${VALIDATE_RUNS} mutants, seed ${SEED})`, () => {
    fc.assert(
      fc.property(mutant, (c) => {
        const { text } = mutantText(c);
        const file = writeMutant(text);
        const { result: code, stderr } = captureOutput(() => validateCommand([file], { set: [] }));
        expect([0, 3], stderr).toContain(code);
        expect(stderr).not.toMatch(STACK_TRACE);
        if (code === 3) for (const line of stderr.split('\n').filter((l) => l.startsWith('error '))) expect(line.startsWith(`error ${file}`)).toBe(true);
      }),
      { seed: SEED, numRuns: VALIDATE_RUNS },
    );
  });

  it(`valid mutants run ${UNTIL_NS / 1e6} ms: finite, conserved, ordered, deterministic (${SIMULATE_RUNS} mutants)`, async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(runMutant, async (c) => {
        const { text } = mutantText(c);
        const file = writeMutant(withVectors(text));
        const { result: code } = captureOutput(() => validateCommand([file], { set: [] }));
        if (code !== 0) return;
        const first = await runFiles(file, readFileSync(file, 'utf8'));
        if (first === undefined) return;
        ran++;
        for (const [name, content] of first) {
          finiteEverywhere(name, content);
          checkVectors(name, content);
        }
        const second = await runFiles(file, readFileSync(file, 'utf8'));
        expect(second).toEqual(first);
      }),
      { seed: SEED + 1, numRuns: SIMULATE_RUNS },
    );
    // The property must have run something, or it checked nothing.
    expect(ran).toBeGreaterThan(0);
  });

  it('through the CLI, validate of a batch of mutants exits 0 or 3 and every file is reported', () => {
    const files = fc.sample(mutant, { seed: SEED + 2, numRuns: 8 }).map((c) => writeMutant(mutantText(c).text));
    const r = cli('validate', ...files);
    expect([0, 3], r.stderr).toContain(r.status);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    for (const f of files) expect(`${r.stdout}${r.stderr}`).toContain(f);
  });
});
