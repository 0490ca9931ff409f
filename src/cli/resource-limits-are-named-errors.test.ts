import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOutcome, cliAsync } from '../test-support/cli.ts';

/**
 * Inputs that would take unbounded memory or time are refused, or stopped, with a message that
 * names the limit; nothing is written. Each case runs the real CLI.
 */
const work = mkdtempSync(join(tmpdir(), 'overlaysim-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 2 Gbit/s offered into a 1 Gbit/s link with a queue of a billion packets: the queue grows by
// 125 000 packets a simulated second, so 500 packets are held after about 4 ms.
const overloaded = join(work, 'overloaded.yaml');
writeFileSync(
  overloaded,
  `name: overloaded
duration: 20ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps, queue: 1000000000 } }
workloads:
  - { name: w, kind: udp-cbr, from: h1, to: h2, rate: 2Gbps, packetSize: 1000B }
`,
);
const big = join(work, 'big.yaml');
writeFileSync(big, `name: big\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);

const out = (name: string) => join(work, `out-${name}`);
const outcomes = new Map<string, CliOutcome>();
const CASES: Record<string, string[]> = {
  replications: ['run', overloaded, '--replications', '1e9', '--out', out('replications')],
  fileSize: ['run', big, '--out', out('fileSize')],
  endless: ['validate', '/dev/zero'],
  // rate is the payload rate: 2 Gbit/s / (972 B × 8) = 257 201.6 packets/s, so 1000 s offer
  // 2.572e8 packets and, at 10 events a packet, 2 572 016 461 events (20 ms: 51 441).
  budget: ['run', overloaded, '--set', 'duration=1000s', '--out', out('budget')],
  budgetFlag: ['run', overloaded, '--max-events', '1000', '--out', out('budgetFlag')],
  packets: ['run', overloaded, '--max-packets', '500', '--out', out('packets')],
  // gossip has no workloads, so its estimate is 0 and --max-events stops it.
  events: ['run', 'scenarios/gossip-churn.yaml', '--max-events', '20000', '--out', out('events')],
};

beforeAll(async () => {
  const names = Object.keys(CASES);
  const results = await Promise.all(names.map((n) => cliAsync(...(CASES[n] as string[]))));
  names.forEach((n, i) => outcomes.set(n, results[i] as CliOutcome));
}, 180_000);

function expectRefused(name: string, status: number, words: string[]): void {
  const r = outcomes.get(name) as CliOutcome;
  expect(r.status, r.stderr).toBe(status);
  for (const w of words) expect(r.stderr).toContain(w);
  expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  expect(existsSync(out(name))).toBe(false);
}

describe('resource limits', () => {
  it('--replications above 1000 is refused, naming the limit', () => {
    expectRefused('replications', 2, ['--replications: at most 1000 (the limit on replications), got 1000000000']);
  });

  it('a scenario file above 2 MiB is refused without reading it all, also an endless one', () => {
    expectRefused('fileSize', 3, [`${big}: the file is larger than the limit of 2097152 bytes (2 MiB) on scenario files`]);
    expectRefused('endless', 3, ['/dev/zero: the file is larger than the limit of 2097152 bytes (2 MiB) on scenario files']);
  });

  it('a run predicted above the default event budget is refused before running, with the flag to confirm', () => {
    expectRefused('budget', 2, ['overloaded is predicted to take about 2.6e+9 events', 'more than the default budget of 1e+9 events', 'confirm with --max-events 2572016461']);
    expectRefused('budgetFlag', 2, ['more than --max-events 1000', 'confirm with --max-events 51441']);
  });

  it('a run that holds more packets than --max-packets stops with exit 1 and writes nothing', () => {
    expectRefused('packets', 1, ['the run held more than 500 packets in memory at once (--max-packets', 'lower the underlay queue limits']);
  });

  it('a run stops at --max-events with exit 1 and writes nothing', () => {
    expectRefused('events', 1, ['the run reached --max-events 20000 at', 'nothing written']);
  });

  it('leaves no temporary folder behind', () => {
    expect(readdirSync(work).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
