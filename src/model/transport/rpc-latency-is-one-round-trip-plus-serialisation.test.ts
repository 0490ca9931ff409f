import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * Closed-loop RPC over one persistent connection on an idle 10 Gbit/s link with 1 ms each way
 * (ideal hosts). A 512 B request is one segment of 512 + 52 + 38 = 602 B on the wire; a 4 KiB
 * response is three segments (1448, 1448, 1200 B of payload: 1538 + 1538 + 1290 B on the wire).
 * The response's first segment carries the ACK of the request and the next request carries the
 * ACK of the response, so a request takes one RTT plus the serialisation of both:
 * 2 ms + (602 + 1538 + 1538 + 1290) × 0.8 ns = 2 003 974.4 ns. The first request also waits
 * for the handshake, one RTT more. With a think time T the loop runs once per latency + T.
 */
const LATENCY_NS = 2e6 + (602 + 1538 + 1538 + 1290) * 0.8;

function scenario(think: string): string {
  return `
name: rpc
duration: 1s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 10Gbps, delay: 1ms }]
workloads:
  - { name: rpc, kind: tcp-rpc, from: a, to: b, concurrency: 1, request: 512B, response: 4KiB, think: ${think} }
`;
}

describe('closed-loop RPC latency is one round trip plus serialisation', () => {
  it.each([
    ['0s', 0],
    ['3ms', 3e6],
  ])('think %s', async (think, thinkNs) => {
    const result = await runScenario(loadScenarioText('rpc.yaml', scenario(think)).resolved);
    const latency = result.workloads[0]?.tcp?.requestLatency;
    if (!latency) throw new Error('no request latency');
    // Requests after the first: exact to rounding of the serialisation times (±2 ns).
    expect(Math.abs(latency.minNs - LATENCY_NS)).toBeLessThanOrEqual(2);
    expect(Math.abs(latency.p99Ns / LATENCY_NS - 1)).toBeLessThan(0.002); // histogram resolution: 0.2%
    // The first request pays the handshake too.
    expect(Math.abs(latency.maxNs - (LATENCY_NS + 2e6))).toBeLessThan(1e3);
    // Request k completes at 2 ms (handshake) + k × latency + (k − 1) × think.
    const expected = Math.floor((1e9 - 2e6 + thinkNs) / (LATENCY_NS + thinkNs));
    console.log(`think ${think}: ${latency.count} requests (closed form ${expected}), min ${latency.minNs} ns (closed form ${LATENCY_NS.toFixed(1)} ns)`);
    expect(Math.abs(latency.count - expected)).toBeLessThanOrEqual(1);
    expect(result.connections?.[0]?.retransmittedSegments).toBe(0);
  });
});
