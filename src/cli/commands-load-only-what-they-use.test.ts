import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Start-up stays small because commands load late: `--version` and `--help` load no model, no
 * scenario code and no report writer; `validate` no report writer and no chart library; and no
 * command loads Vega, whose charts the report page draws itself. Each command runs as users run
 * it (bin/overlaysim.js on the bundle in dist/bundle/, built by the global set-up) with a preload
 * that lists every ES module Node loads. The bundle's files are chunks, so each loaded chunk is
 * read as the source files esbuild put in it (its metafile, dist/.bundle-meta.json, written by
 * scripts/bundle.js).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE_URL = pathToFileURL(join(ROOT, 'dist', 'bundle')).href;

/** For each output file of the bundle (as a file URL), the files it was made from (as file URLs). */
function chunkInputs(): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', '.bundle-meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const toUrl = (path: string) => pathToFileURL(join(ROOT, path)).href;
  return new Map(Object.entries(meta.outputs).map(([output, { inputs }]) => [toUrl(output), Object.keys(inputs).map(toUrl)]));
}

/** Every module a command loads, each bundle chunk replaced by the files it was made from. */
function modulesLoadedBy(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', './src/test-support/log-module-loads.js', 'bin/overlaysim.js', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const loaded = r.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length));
  expect(loaded, 'the command line runs from the bundle').toContain(`${BUNDLE_URL}/main.js`);
  const chunks = chunkInputs();
  return loaded.flatMap((url) => {
    if (!url.startsWith(`${BUNDLE_URL}/`)) return [url];
    const inputs = chunks.get(url);
    expect(inputs, `${url} is in the metafile`).toBeDefined();
    return inputs ?? [];
  });
}

/** Loaded modules of the project's dist/ folders (`cli`, `model`...) and of the chart packages. */
function areas(urls: string[]): Set<string> {
  const found = new Set<string>();
  for (const url of urls) {
    const dist = /\/dist\/([^/]+)\//.exec(url);
    if (dist?.[1] !== undefined && !url.includes('/node_modules/')) found.add(dist[1]);
    const pkg = /\/node_modules\/(vega[^/]*)\//.exec(url);
    if (pkg?.[1] !== undefined) found.add(pkg[1].startsWith('vega-lite') ? 'vega-lite' : 'vega');
  }
  return found;
}

describe('commands load only what they use', () => {
  it('--version and --help load the command-line parser and nothing else of overlaysim', () => {
    expect([...areas(modulesLoadedBy(['--version']))]).toEqual(['cli']);
    expect([...areas(modulesLoadedBy(['--help']))]).toEqual(['cli']);
  });

  it('validate loads the scenario code but no report writer or chart library', () => {
    const loaded = areas(modulesLoadedBy(['validate', 'scenarios/quickstart.yaml']));
    expect(loaded.has('scenario')).toBe(true);
    for (const area of ['report', 'vega', 'vega-lite']) expect(loaded.has(area), area).toBe(false);
  });

  it('run writes report.html with its charts but loads neither Vega nor Vega-Lite: the page draws them', () => {
    const out = mkdtempSync(join(tmpdir(), 'overlaysim-loads-'));
    try {
      const loaded = areas(modulesLoadedBy(['run', 'scenarios/p2p-udp.yaml', '--until', '10ms', '--out', join(out, 'r'), '--quiet']));
      for (const area of ['model', 'report']) expect(loaded.has(area), area).toBe(true);
      for (const area of ['vega', 'vega-lite']) expect(loaded.has(area), area).toBe(false);
      const page = readFileSync(join(out, 'r', 'report.html'), 'utf8');
      expect(page).toContain('<section class="chart" id="latency-cdf">');
      expect(page).toContain('<script src="charts.js"></script>');
      expect(readFileSync(join(out, 'r', 'charts.js'), 'utf8')).toContain('new vega.View(');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
