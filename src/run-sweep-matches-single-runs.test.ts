import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, runSweep, summarise, validateScenario } from './index.ts';

/**
 * The library's sweep helper runs each grid point as the scenario with that point's values set:
 * its summaries equal those of single runs with the same overrides, on one thread or two.
 */
const P2P = readFileSync('scenarios/p2p-udp.yaml', 'utf8').replace('duration: 10s', 'duration: 20ms');
const SWEPT = `${P2P}sweep:\n  workloads.0.rate: [100Mbps, 300Mbps]\n`;

describe('runSweep', () => {
  it('gives each point the summary of a single run with its values set, whatever the thread count', async () => {
    const one = await runSweep(SWEPT, { name: 'p2p-sweep.yaml', threads: 1 });
    const two = await runSweep(SWEPT, { name: 'p2p-sweep.yaml', threads: 2 });
    expect(one.map((r) => r.values)).toEqual([{ 'workloads.0.rate': '100Mbps' }, { 'workloads.0.rate': '300Mbps' }]);
    expect(two.map((r) => r.summary)).toEqual(one.map((r) => r.summary));
    for (const [i, rate] of ['100Mbps', '300Mbps'].entries()) {
      const single = parseScenario(P2P, { name: 'p2p-sweep.yaml', sets: [`workloads.0.rate=${rate}`] });
      expect(one[i]?.summary).toEqual(summarise(await runScenario(single.resolved)));
    }
    // Three times the rate, three times the packets (to within the one packet in flight at the end).
    const rx = one.map((r) => r.summary.totals.rxPackets);
    expect(Math.abs((rx[1] ?? 0) - 3 * (rx[0] ?? 0))).toBeLessThanOrEqual(3);
  });

  it('reports an invalid point before running anything', async () => {
    const bad = `${P2P}sweep:\n  workloads.0.rate: [100Mbps, fast]\n`;
    await expect(runSweep(bad, { threads: 1 })).rejects.toThrow(/workloads\[0\]\.rate|workloads\.0\.rate/);
    expect(validateScenario(P2P)).toEqual([]);
  });
});
