import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';

// p2p-udp: 1472-byte payloads every 23.552 µs (500 Mbit/s) over one 1 Gbit/s link with PPP
// framing; each 1500-byte packet takes (1500 + 2) × 8 = 12 016 ns to send and arrives
// 1 012 016 ns after it was sent (see docs/shipped-scenarios.md).
const PERIOD_NS = 23_552;
const SERIALISATION_NS = 12_016;
const PAYLOAD_BITS = 1472 * 8;

describe('intervals of 1 s over p2p-udp', () => {
  it('give per-interval goodput, delay and link utilisation as computed by hand, and add no events', async () => {
    const plain = loadScenario('scenarios/p2p-udp.yaml').resolved;
    const sampled = loadScenario('scenarios/p2p-udp.yaml', ['intervals=1s']).resolved;
    const without = await runScenario(plain, { untilNs: 3e9 });
    const result = await runScenario(sampled, { untilNs: 3e9 });
    expect(result.eventsProcessed).toBe(without.eventsProcessed);
    const rows = result.intervals ?? [];
    const value = (timeNs: number, metric: string) => rows.find((r) => r.timeNs === timeNs && r.metric === metric)?.value;
    // First second: packets sent by 1 s − 1 012 016 ns have arrived: ⌊(1e9 − 1 012 016) / 23 552⌋ + 1 = 42 417.
    expect(value(1e9, 'goodputBps')).toBe(42_417 * PAYLOAD_BITS);
    // Later seconds: 1e9 / 23 552 = 42 459.2 packets, so 42 459 or 42 460 arrive.
    for (const t of [2e9, 3e9]) expect([42_459, 42_460].map((n) => n * PAYLOAD_BITS)).toContain(value(t, 'goodputBps'));
    for (const t of [1e9, 2e9, 3e9]) {
      expect(value(t, 'delayP50Ns')).toBe(1_012_016);
      expect(value(t, 'delayP99Ns')).toBe(1_012_016);
      // 12 016 / 23 552 = 0.51019 busy, give or take the one packet cut by the interval's end.
      expect(Math.abs((value(t, 'utilisation') as number) - SERIALISATION_NS / PERIOD_NS)).toBeLessThanOrEqual(SERIALISATION_NS / 1e9);
    }
    expect(new Set(rows.map((r) => r.timeNs))).toEqual(new Set([1e9, 2e9, 3e9]));
  });
});
