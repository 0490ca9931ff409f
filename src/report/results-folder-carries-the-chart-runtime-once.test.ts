import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { captureOutputAsync } from '../cli/capture-output.ts';
import { CHART_RUNTIME_FILE, chartRuntimeJs } from './html/render-chart.ts';

const work = mkdtempSync(join(tmpdir(), 'overlaysim-runtime-once-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function overlaysim(...args: string[]): Promise<void> {
  const { result } = await captureOutputAsync(() => main(['node', 'overlaysim', ...args, '--quiet']));
  expect(result).toBe(0);
}

/** Every file below `dir`, as relative paths. */
function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile()).map((d) => relative(dir, join(d.parentPath, d.name)));
}

/**
 * The folder holds one chart runtime, at its top, as the packages' builds make it; every page
 * with charts loads exactly that file by a relative path and carries no copy of Vega.
 */
function expectOneRuntimeAtTop(out: string, pages: number): void {
  const files = filesBelow(out);
  expect(files.filter((f) => f.endsWith('.js'))).toEqual([CHART_RUNTIME_FILE]);
  expect(readFileSync(join(out, CHART_RUNTIME_FILE), 'utf8')).toBe(chartRuntimeJs());
  const reports = files.filter((f) => f.endsWith('report.html'));
  expect(reports.length).toBe(pages);
  for (const report of reports) {
    const html = readFileSync(join(out, report), 'utf8');
    const scripts = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1] as string);
    expect(scripts, report).toHaveLength(1);
    expect(join(dirname(report), scripts[0] as string), report).toBe(CHART_RUNTIME_FILE);
    expect(html, report).toContain(`<code>${scripts[0]}</code>`);
    expect(html, report).not.toContain('vega.View');
  }
}

describe('a results folder carries the chart runtime once, at its top', () => {
  it('a run with variants and replications: the top page and each variant replication two folders down', async () => {
    const out = join(work, 'variants');
    await overlaysim('run', 'scenarios/encrypted-vs-plain.yaml', '--until', '1ms', '--replications', '2', '--out', out);
    // 3 variants × 2 replications, and the top page.
    expectOneRuntimeAtTop(out, 7);
  });

  it('a sweep: the top page and each run one folder down', async () => {
    const out = join(work, 'sweep');
    await overlaysim('sweep', 'scenarios/quickstart.yaml', '--until', '1ms', '--jobs', '1', '--set', 'sweep={"workloads.0.packetRate": ["40000/s", "80000/s"]}', '--out', out);
    expectOneRuntimeAtTop(out, 3);
  });

  it('a single run: the runtime beside its report.html', async () => {
    const out = join(work, 'single');
    await overlaysim('run', 'scenarios/p2p-udp.yaml', '--until', '1ms', '--out', out);
    expectOneRuntimeAtTop(out, 1);
  });
});
