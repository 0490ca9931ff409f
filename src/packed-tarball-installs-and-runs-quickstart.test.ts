import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario, runScenario, summarise } from './index.ts';

/**
 * What a user gets from `npm install overlaysim`: the tarball `npm pack` makes (from the dist/
 * that vitest's global set-up built from the current sources) is installed into a scratch
 * project, which imports the package by name, type-checks against its declarations, and runs
 * the shipped quickstart through the library API, the example of docs/library-api.md (a sweep
 * on worker threads started from the compiled dist/sweep/worker.js) and the installed command
 * line (the esbuild bundle in dist/bundle/, whose report reads the chart runtime from the
 * installed Vega packages). Dependencies come from npm's cache (`--prefer-offline`; `npm ci` filled it), and from
 * the registry only for a miss.
 */
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'overlaysim-pack-'));
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The quickstart's summary through the library API, shortened so the test stays quick. */
const CHECK_SCRIPT = `
import { readFileSync } from 'node:fs';
import { parseScenario, runScenario, summarise, validateScenario } from 'overlaysim';
const text = readFileSync('node_modules/overlaysim/scenarios/quickstart.yaml', 'utf8');
const loaded = parseScenario(text, { name: 'quickstart.yaml' });
const summary = summarise(await runScenario(loaded.resolved, { untilNs: 50_000_000 }));
const object = JSON.parse(readFileSync('quickstart.json', 'utf8'));
object.underlay.hostLink.bandwidth = 'fast';
const issues = validateScenario(object).map((issue) => \`\${issue.line}:\${issue.col} \${issue.path}\`);
process.stdout.write(JSON.stringify({ summary, issues }));
`;

/** Type-checked against the package's declarations: wrong use of the API must not compile. */
const TYPES_CHECK = `
import { parseScenario, runScenario, type Summary, summarise } from 'overlaysim';
const loaded = parseScenario('name: x');
export const summary: Promise<Summary> = runScenario(loaded.resolved).then(summarise);
`;

describe('the packed tarball', () => {
  let tarball = '';

  it('holds the built JavaScript, declarations, command, scenarios and licence, and no sources, tests or benchmarks', () => {
    const packed = JSON.parse(execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { encoding: 'utf8' })) as {
      filename: string;
      files: { path: string }[];
    }[];
    const pack = packed[0];
    if (pack === undefined) throw new Error('npm pack reported no tarball');
    tarball = join(scratch, pack.filename);
    const paths = pack.files.map((f) => f.path);
    for (const needed of ['package.json', 'LICENSE', 'README.md', 'bin/overlaysim.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/sweep/worker.js', 'dist/cli/bundle-loader.js', 'dist/bundle/main.cjs', 'dist/bundle/main.cjs.v8cache', 'dist/bundle/worker.js', 'dist/bundle/worker.cjs', 'dist/bundle/blaster.js', 'dist/bundle/blaster.cjs', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'scenarios/quickstart.yaml', 'schema/scenario.schema.json']) {
      expect(paths, needed).toContain(needed);
    }
    expect(paths.filter((p) => /\.test\.|^src\/|^bench\/|^\.ci\/|fixtures|test-support|tsbuildinfo|bundle-meta/.test(p))).toEqual([]);
  });

  it('installs into a scratch project, which imports it by name and gets the same quickstart summary as the sources', async () => {
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    const install = spawnSync(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);

    writeFileSync(join(project, 'quickstart.json'), JSON.stringify(parse(readFileSync('scenarios/quickstart.yaml', 'utf8'))));
    writeFileSync(join(project, 'check.mjs'), CHECK_SCRIPT);
    const run = spawnSync(process.execPath, ['check.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const packed = JSON.parse(run.stdout) as { summary: unknown; issues: string[] };

    const loaded = parseScenario(readFileSync('scenarios/quickstart.yaml', 'utf8'), { name: 'quickstart.yaml' });
    const result = await runScenario(loaded.resolved, { untilNs: 50_000_000 });
    // Deterministic: the packaged build and the sources give identical summaries.
    expect(packed.summary).toEqual(JSON.parse(JSON.stringify(summarise(result))));
    // An object has no lines: the problem is named by its field path alone.
    expect(packed.issues).toEqual(['0:0 underlay.hostLink.bandwidth']);

    // The example of docs/library-api.md runs as written. At 1200 Mbit/s of 1472-byte payloads a
    // packet is sent every 9.813 µs (10 191 in 100 ms) and the link serialises one per 12.016 µs
    // (1502 B): 8322 leave by 100 ms, 8239 of them arrive by then (1 ms later), and the 101 in
    // the transmitter and its 100-packet queue are neither; the other 1768 are dropped, so
    // 1768 / (8239 + 1768) = 17.7 % lost (±0.1: a packet more or less at either end).
    const example = /```js\n([\s\S]*?)```/.exec(readFileSync('docs/library-api.md', 'utf8'))?.[1] ?? '';
    writeFileSync(join(project, 'example.mjs'), example);
    const ran = spawnSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);
    const lines = ran.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^goodput 49\d\.\d Mbit\/s, mean delay 1012016 ns$/);
    expect(lines.slice(1, 3)).toEqual(['100Mbps: loss 0.0 %', '500Mbps: loss 0.0 %']);
    const loss = Number(/^1200Mbps: loss ([\d.]+) %$/.exec(lines[3] ?? '')?.[1]);
    expect(Math.abs(loss - 17.7)).toBeLessThanOrEqual(0.1);

    const cli = spawnSync(join(project, 'node_modules', '.bin', 'overlaysim'), ['--version'], { encoding: 'utf8' });
    expect(cli.stdout.trim()).toBe(version);
    // The bundled `run` finds the chart builds of the Vega packages installed beside it.
    const quickstart = join(project, 'node_modules', 'overlaysim', 'scenarios', 'quickstart.yaml');
    const report = spawnSync(join(project, 'node_modules', '.bin', 'overlaysim'), ['run', quickstart, '--until', '10ms', '--out', join(project, 'r'), '--quiet'], { encoding: 'utf8' });
    expect(report.status, report.stderr).toBe(0);
    const charts = readFileSync(join(project, 'r', 'charts.js'), 'utf8');
    expect(charts).toContain('new vega.View(');
    expect(charts).toMatch(/^\/\/ Vega \d+\.\d+\.\d+ and Vega-Lite \d+\.\d+\.\d+/m);

    writeFileSync(join(project, 'types-check.ts'), TYPES_CHECK);
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', 'types-check.ts'];
    const typed = spawnSync(process.execPath, [tsc, ...args], { cwd: project, encoding: 'utf8' });
    expect(typed.status, typed.stdout).toBe(0);
    // The same check fails on a misuse, so the declarations are really read.
    writeFileSync(join(project, 'types-check.ts'), `${TYPES_CHECK}\nexport const wrong: number = parseScenario('name: x').resolved;\n`);
    const misuse = spawnSync(process.execPath, [tsc, ...args], { cwd: project, encoding: 'utf8' });
    expect(misuse.stdout).toContain('TS2322');
  });
});
