import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { buildSimulation } from '../../scenario/build.ts';

/**
 * A profile that charges only 1000 ns per segment and 3000 ns per NAPI poll on a VXLAN path
 * (offloads off: every packet is a segment). A poll begins with the packet that finds the core
 * idle and after every `napiBudget` packets of a busy period, so a core's busy time is
 * packets × 1000 + polls × 3000, exactly.
 */
const SEGMENT_NS = 1000;
const POLL_NS = 3000;

/** The sender's busy time; `network` is the overlay's settings, or undefined for host to host over the bare underlay. */
function senderBusyNs(packetRate: string, duration: string, network: string | undefined): number {
  const overlay = `
networks: { appnet: ${network} }
services:
  a: { networks: [appnet], placement: [h1] }
  b: { networks: [appnet], placement: [h2] }`;
  const ends = network === undefined ? 'from: h1, to: h2' : 'from: a, to: b, mode: task';
  const text = `
name: polls
duration: ${duration}
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps, delay: 10us } }
hosts: { cores: 1, offloads: false, napiBudget: 4, cpu: { base: none, segmentNs: ${SEGMENT_NS}, vxlanPollNs: ${POLL_NS} } }
${network === undefined ? '' : overlay}
workloads:
  - { name: u, kind: udp-cbr, ${ends}, packetRate: ${packetRate}, payload: 100B }
`;
  const sim = buildSimulation(loadScenarioText('polls.yaml', text).resolved, 1);
  sim.ctx.scheduler.run({ untilNs: 1e9 });
  return (sim.cores.find((c) => c.host === 'h1')?.cpu.busyNsUntil(1e9)) as number;
}

describe('a VXLAN path pays its per-poll cost once per NAPI poll', () => {
  it('datagrams that find the core idle are a poll each', () => {
    // 1000/s for 3 ms: 3 datagrams, 1 ms apart; each 1000 + 3000 ns.
    expect(senderBusyNs('1000/s', '3ms', '{}')).toBe(3 * (SEGMENT_NS + POLL_NS));
  });

  it('datagrams queued for a busy core share a poll, up to the NAPI budget', () => {
    // One datagram a microsecond for 20 µs: 20 datagrams, sent faster than the core takes them,
    // so the core stays busy from the first to the last: ceil(20 / 4) = 5 polls.
    expect(senderBusyNs('1000000/s', '20us', '{}')).toBe(20 * SEGMENT_NS + 5 * POLL_NS);
  });

  it('the same traffic over ESP pays it too (the VXLAN path under it); a plain underlay does not', () => {
    expect(senderBusyNs('1000/s', '3ms', '{ encrypted: true }')).toBe(3 * (SEGMENT_NS + POLL_NS));
    expect(senderBusyNs('1000/s', '3ms', undefined)).toBe(3 * SEGMENT_NS);
  });
});
