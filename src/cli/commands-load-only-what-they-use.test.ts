import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_URL, chunkInputs, commandLoads } from '../test-support/command-loads.ts';

/**
 * Start-up stays small because commands load late: `--version` and `--help` load no model, no
 * scenario code and no report writer; `validate` no report writer and no chart library; and no
 * command loads Vega, whose charts the report page draws itself. Each command runs as users run
 * it (bin/overlaysim.js on the bundle in dist/bundle/, built by the global set-up) with a preload
 * that lists every ES module Node loads and every chunk of the bundle its loader runs. The
 * chunks are read as the source files esbuild put in them (its metafile, dist/.bundle-meta.json,
 * written by scripts/bundle.js).
 */

/** Every module a command loads, each bundle chunk replaced by the files it was made from. */
function modulesLoadedBy(args: string[]): string[] {
  const loads = commandLoads(args);
  expect(loads.status, loads.stderr).toBe(0);
  const chunkUrls = loads.chunks.map((c) => c.url);
  expect(chunkUrls, 'the command line runs from the bundle').toContain(`${BUNDLE_URL}/main.cjs`);
  expect(loads.modules.filter((url) => url.startsWith(`${BUNDLE_URL}/`)), 'chunks run through the loader, not as ES modules').toEqual([]);
  const chunks = chunkInputs();
  return [
    ...loads.modules,
    ...chunkUrls.flatMap((url) => {
      const inputs = chunks.get(url);
      expect(inputs, `${url} is in the metafile`).toBeDefined();
      return inputs ?? [];
    }),
  ];
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
