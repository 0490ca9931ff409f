import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { CHROMIUM, renderInChromium } from '../../test-support/chromium-probe.ts';
import { nestedResultFiles } from '../write-results.ts';
import { CHART_RUNTIME_FILE, chartRuntimeJs } from './render-chart.ts';

// A run's page two folders below the top of its results folder (as `<variant>/r<k>/report.html`
// is), loaded in headless Chromium first without the chart runtime at the top, then with it.

const work = mkdtempSync(join(tmpdir(), 'overlaysim-no-runtime-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!CHROMIUM && !process.env.CI)('a page whose chart runtime is missing', () => {
  it('says which file it needs and draws nothing; with the file in place it draws its charts and the notice goes', async () => {
    const result = await runScenario(loadScenario('scenarios/quickstart.yaml').resolved, { untilNs: 20e6 });
    const files = await nestedResultFiles(result, { scenarioFile: 'quickstart.yaml', scenarioSha256: '', toolVersion: 'test', sets: [] }, 'plain/r0');
    expect(files.has(CHART_RUNTIME_FILE)).toBe(false);
    const dir = join(work, 'plain', 'r0');
    mkdirSync(dir, { recursive: true });
    const page = join(dir, 'report.html');
    writeFileSync(page, files.get('report.html') as string);

    const missing = renderInChromium(page, join(work, 'profile'), join(work, 'missing.png'));
    expect(missing.h1).toBe('quickstart');
    expect(missing.notice).toContain('../../charts.js');
    expect(missing.notice).toContain('was not found');
    expect(missing.charts.size).toBeGreaterThan(0);
    for (const [id, chart] of missing.charts) expect(chart.marks, id).toBe(0);

    writeFileSync(join(work, CHART_RUNTIME_FILE), chartRuntimeJs());
    const drawn = renderInChromium(page, join(work, 'profile'), join(work, 'drawn.png'));
    expect(drawn.notice).toBe('');
    expect([...drawn.charts.keys()]).toEqual([...missing.charts.keys()]);
    for (const [id, chart] of drawn.charts) expect(chart.marks, id).toBeGreaterThan(0);
  });
});
