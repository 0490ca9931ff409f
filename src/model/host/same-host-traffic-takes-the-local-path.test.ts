import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { buildSimulation } from '../../scenario/build.ts';
import { CPU_PROFILES } from './cpu-profile.ts';

/**
 * Two tasks on one host h1 talk over an encrypted overlay. Their packets take the host-local
 * path: no encapsulation, no cipher, no wire, and one charge of two bare-stack traversals on the
 * flow's core: 2 × (segmentNs + bytes × copyNsPerByte) with the aesni profile (each UDP datagram
 * is a segment of its own). A 1000-byte payload makes a 1028-byte inner packet (under the
 * 1424-byte container MTU of an encrypted overlay); a 2000-byte payload makes 2028 bytes, cut
 * into two inner fragments (1420 + 628), each charged. The core rounds each cost to the
 * nanosecond and carries the remainder to the next packet of a busy period, so k back-to-back
 * packets end at round(k × cost).
 */
const aesni = CPU_PROFILES.aesni;
if (!aesni) throw new Error('no aesni profile');
const localNs = (innerBytes: number) => 2 * (aesni.segmentNs + innerBytes * aesni.copyNsPerByte);
const LOCAL_NS = localNs(1028);

function scenario(payload: string, packetRate: string, duration: string, cpu = 'aesni'): string {
  return `
name: local
duration: ${duration}
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 1, cpu: ${cpu} }
networks: { secure: { encrypted: true } }
services:
  client: { networks: [secure], placement: [h1] }
  server: { networks: [secure], placement: [h1] }
workloads:
  - { name: u, kind: udp-cbr, from: client, to: server, mode: task, packetRate: ${packetRate}, payload: ${payload} }
`;
}

/** Runs the scenario; returns [sent, received] times of each delivered datagram, and how many packets reached a wire. */
function trace(text: string): { delivered: [number, number][]; wirePackets: number } {
  const sim = buildSimulation(loadScenarioText('local.yaml', text).resolved, 1);
  const delivered: [number, number][] = [];
  let wirePackets = 0;
  sim.ctx.wireSent.connect(() => wirePackets++);
  sim.ctx.received.connect((p, nowNs) => delivered.push([p.sentNs, nowNs]));
  sim.ctx.scheduler.run({ untilNs: 1e9 });
  return { delivered, wirePackets };
}

describe('same-host traffic takes the host-local path', () => {
  it('each datagram arrives two stack traversals after it was sent, and none touches a wire', () => {
    // 1000 packets/s for 3 ms: packets at 0, 1 ms, 2 ms (the run stops before the 4th at 3 ms).
    const t = trace(scenario('1000B', '1000/s', '3ms'));
    expect(LOCAL_NS).toBeCloseTo(2 * (1986 + 1028 * 0.449), 9);
    expect(t.delivered).toEqual([
      [0, Math.round(LOCAL_NS)],
      [1_000_000, 1_000_000 + Math.round(LOCAL_NS)],
      [2_000_000, 2_000_000 + Math.round(LOCAL_NS)],
    ]);
    expect(t.wirePackets).toBe(0);
  });

  it('packets closer together than the cost queue on the one core', () => {
    // One packet every 1 µs for 3 µs: sent at 0, 1000, 2000 ns; the core works on them back to back.
    const t = trace(scenario('1000B', '1000000/s', '3us'));
    expect(t.delivered).toEqual([
      [0, Math.round(LOCAL_NS)],
      [1000, Math.round(2 * LOCAL_NS)],
      [2000, Math.round(3 * LOCAL_NS)],
    ]);
  });

  it('a datagram above the container MTU is cut into inner fragments, each charged', () => {
    const t = trace(scenario('2000B', '1000/s', '1ms'));
    expect(t.delivered).toEqual([[0, Math.round(localNs(1420) + localNs(628))]]);
    expect(t.wirePackets).toBe(0);
  });

  it('with ideal hosts the local path takes no time', () => {
    const t = trace(scenario('1000B', '1000/s', '1ms', 'none'));
    expect(t.delivered).toEqual([[0, 0]]);
  });
});
