import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { buildSimulation } from '../../scenario/build.ts';

/**
 * One loss-free connection over 100 Mbit/s with 20 ms RTT (10 ms each way), its send buffer one
 * bandwidth-delay product: 100e6 × 0.02 / 8 = 250 000 B. That window covers the pipe (it holds
 * 250 000 × 1538 / 1448 B of wire bytes > 250 000), so after slow start the link never idles
 * and goodput is the link's payload capacity: 100e6 × MSS / (MSS + 40 B TCP/IP + 12 B
 * timestamps + 38 B Ethernet framing) = 100e6 × 1448 / 1538 = 94.15 Mbit/s. ACKs travel the
 * other direction and take nothing from it. Measured between 3 s and 10 s.
 */
const MSS = 1500 - 40 - 12;
const CAPACITY_BPS = (100e6 * MSS) / (MSS + 40 + 12 + 38);

describe('a loss-free bulk transfer fills a one-BDP path after slow start', () => {
  it.each(['newreno', 'cubic'])('%s reaches ≥ 97% of 100e6 × MSS / (MSS + headers + framing)', (congestion) => {
    const text = `
name: bdp
duration: 10s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 10ms }]
workloads:
  - { name: bulk, kind: tcp-bulk, from: a, to: b, congestion: ${congestion}, sendBuffer: 250000B }
`;
    const sim = buildSimulation(loadScenarioText('bdp.yaml', text).resolved, 1);
    const { connection } = sim.connections[0] as (typeof sim.connections)[number];
    let drops = 0;
    sim.ctx.dropped.connect(() => drops++);
    expect(connection.config.mssBytes).toBe(MSS);
    sim.ctx.scheduler.run({ untilNs: 3e9 });
    const before = connection.server.receiver.deliveredBytes;
    sim.ctx.scheduler.run({ untilNs: 10e9 });
    const goodputBps = ((connection.server.receiver.deliveredBytes - before) * 8) / 7;
    console.log(`${congestion}: ${(goodputBps / 1e6).toFixed(3)} Mbit/s = ${((100 * goodputBps) / CAPACITY_BPS).toFixed(2)} % of ${(CAPACITY_BPS / 1e6).toFixed(3)}`);
    expect(goodputBps / CAPACITY_BPS).toBeGreaterThanOrEqual(0.97);
    expect(goodputBps / CAPACITY_BPS).toBeLessThanOrEqual(1 + 1e-3);
    expect(drops).toBe(0); // the window, not loss, limits the connection
  });
});
