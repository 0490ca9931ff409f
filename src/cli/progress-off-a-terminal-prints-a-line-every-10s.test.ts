import { describe, expect, it } from 'vitest';
import { makeProgress, PLAIN_INTERVAL_MS } from './progress.ts';

/** A stream that is not a terminal, with a clock the test moves by hand. */
function fakeLog() {
  const clock = { ms: 0 };
  const written: string[] = [];
  return { clock, written, output: { isTTY: false, write: (text: string) => written.push(text), nowMs: () => clock.ms } };
}

describe('progress off a terminal', () => {
  it('prints a plain line with share, simulated time, events, rate and ETA once every 10 s', () => {
    const { clock, written, output } = fakeLog();
    const progress = makeProgress('simulating', false, output);
    clock.ms = PLAIN_INTERVAL_MS - 1;
    progress.update({ share: 0.2, events: 1_000_000, simulatedNs: 400_000_000, endNs: 2_000_000_000 });
    expect(written).toEqual([]);
    clock.ms = PLAIN_INTERVAL_MS;
    progress.update({ share: 0.25, events: 2_000_000, simulatedNs: 500_000_000, endNs: 2_000_000_000 });
    // 2e6 events in 10 s is 200 k events/s; a quarter done in 10 s leaves 30 s.
    expect(written).toEqual(['simulating: 25% done, 500.000 ms of 2.000 s simulated, 2000000 events (200.0 k events/s), ETA 30 s\n']);
    clock.ms = PLAIN_INTERVAL_MS + 5_000;
    progress.update({ share: 0.3 });
    expect(written).toHaveLength(1);
    clock.ms = 2 * PLAIN_INTERVAL_MS;
    progress.update({ share: 0.5, runsDone: 1, runs: 2 });
    expect(written[1]).toBe('simulating: 50% done, 1 of 2 runs, ETA 20 s\n');
  });

  it('says the ETA is unknown, not 0 s, while nothing is done yet', () => {
    const { clock, written, output } = fakeLog();
    const progress = makeProgress('sweeping', false, output);
    clock.ms = PLAIN_INTERVAL_MS;
    progress.update({ share: 0, runsDone: 0, runs: 8 });
    expect(written).toEqual(['sweeping: 0% done, 0 of 8 runs, ETA unknown\n']);
  });

  it('writes headline lines whole and nothing at all when quiet', () => {
    const { clock, written, output } = fakeLog();
    makeProgress('simulating', false, output).log('quickstart: 12 events');
    const quiet = makeProgress('simulating', true, output);
    clock.ms = 10 * PLAIN_INTERVAL_MS;
    quiet.update({ share: 0.5 });
    quiet.log('not shown');
    expect(written).toEqual(['quickstart: 12 events\n']);
  });
});
