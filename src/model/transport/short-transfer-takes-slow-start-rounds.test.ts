import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * A short transfer on a loss-free 10 Gbit/s path with 20 ms RTT. Slow start begins at 10
 * segments and, with an ACK every second segment each adding 2 MSS (byte counting, L = 2),
 * doubles per round trip: round k sends 10·2^(k−1) segments. A transfer of S segments thus
 * needs the smallest r with 10·(2^r − 1) ≥ S. The handshake takes one RTT; the data of round
 * k leaves at k·RTT and arrives half an RTT later, so the last byte arrives at (r + ½)·RTT plus
 * the serialisation of the last round's segments, 1538 B each on the wire (1448 + 52 + 38) at
 * 10 Gbit/s = 1230.4 ns.
 */
const SEGMENT_WIRE_NS = (1538 * 8) / 10;
const RTT_NS = 20e6;
const MSS = 1448;

/** Rounds of slow start that S segments take, and how many segments the last round sends. */
function roundsFor(segments: number, initialWindow = 10): { rounds: number; last: number } {
  let sent = 0;
  let rounds = 0;
  let last = 0;
  for (let cwnd = initialWindow; sent < segments; cwnd *= 2) {
    last = Math.min(cwnd, segments - sent);
    sent += last;
    rounds++;
  }
  return { rounds, last };
}

describe('a short transfer completes in the round trips slow start predicts', () => {
  it.each([1, 10, 11, 30, 70, 71, 150])('%i segments', async (segments) => {
    const text = `
name: short
duration: 1s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 10Gbps, delay: 10ms }]
workloads:
  - { name: short, kind: tcp-bulk, from: a, to: b, bytes: ${segments * MSS}B }
`;
    const result = await runScenario(loadScenarioText('short.yaml', text).resolved);
    const c = result.connections?.[0];
    if (!c) throw new Error('no connection');
    const { rounds, last } = roundsFor(segments);
    const expectedNs = (rounds + 0.5) * RTT_NS + last * SEGMENT_WIRE_NS;
    console.log(`${segments} segments: ${rounds} rounds, completion ${c.completionNs} ns, closed form ${expectedNs.toFixed(0)} ns`);
    // The closed form leaves out the SYN, SYN-ACK and ACK serialisations (< 0.1 µs each) and
    // the ACK clock's lag: a round's ACKs each wait for the second segment they cover, and the
    // window frees two segments per ACK, so each round starts up to two segment times late.
    // Slack: 2 segment times per round + 1 µs, still 2000 times less than one round trip.
    expect(c.completionNs).toBeGreaterThanOrEqual(expectedNs);
    expect(c.completionNs - expectedNs).toBeLessThan(rounds * 2 * SEGMENT_WIRE_NS + 1e3);
    expect(c.retransmittedSegments).toBe(0);
  });

  it('counts rounds as the closed form does', () => {
    expect([1, 10, 11, 30, 31, 70, 71, 150].map((s) => roundsFor(s).rounds)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});
