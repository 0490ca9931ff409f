import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { Reachability } from './transport.ts';
import { addGossipFlows, UnderlayTransport } from './underlay-transport.ts';

/** Two hosts on a star: host → switch → host is two links of 25 µs, each way. */
const SCENARIO = `
name: tcp-exchange
duration: 1s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps, delay: 25us } }
`;

function transport(tcpRateBps: number) {
  const sim = buildSimulation(loadScenarioText('x.yaml', SCENARIO).resolved, 1);
  const flows = addGossipFlows(sim.ctx, sim.hosts, 1, 4, 1e9);
  const t = new UnderlayTransport(sim.ctx, sim.hosts, flows, new Reachability(2), sim.ctx.streams.stream('t'), () => {}, tcpRateBps, 0, 1e9);
  return { sim, t };
}

describe('a gossip TCP exchange over the underlay, at flow level', () => {
  it('takes a round trip of handshake plus each transfer one way, its segments at the slower of tcpRate and the links', () => {
    // Request 3000 B = 3 segments (1448 + 1448 + 104), response 1000 B = 1; 52 B of headers each:
    // 3156 + 1052 = 4208 B on the wire. One way is 2 × 25 µs = 50 µs.
    // Handshake 100 µs + request 50 µs + response 50 µs = 200 µs, plus 4208 × 8 bits:
    expect(transport(1e9).t.tcpExchangeNs(0, 1, 3000, 1000)).toBe(200_000 + 33_664); // at 1 Gbit/s
    expect(transport(100e9).t.tcpExchangeNs(0, 1, 3000, 1000)).toBe(200_000 + 3_367); // capped by the 10 Gbit/s links: ⌈3366.4⌉
  });

  it('counts the handshake, the data segments and one ACK per two segments on every link of both routes', () => {
    const { sim, t } = transport(1e9);
    t.carryTcpExchange(0, 1, 3000, 1000, 0);
    const link = (name: string) => sim.links.find((l) => l.name === name)!;
    // h1 → h2: SYN, the last handshake ACK, 3 request segments, 1 ACK of the 1 response segment.
    for (const name of ['h1->sw', 'sw->h2']) {
      expect(link(name).txPackets).toBe(6);
      expect(link(name).txBytes).toBe(6 * 52 + 3000);
      // Busy time: bytes plus 38 B of Ethernet framing per packet at 10 Gbit/s (0.8 ns per byte).
      expect(link(name).busyNsUntil(1e9)).toBe(Math.round((3312 + 6 * 38) * 0.8));
      // They never queue: every one counts as a packet that did not wait.
      expect(link(name).noWaitPackets).toBe(6);
    }
    // h2 → h1: SYN-ACK, 1 response segment, 2 ACKs of the 3 request segments.
    for (const name of ['h2->sw', 'sw->h1']) {
      expect(link(name).txPackets).toBe(4);
      expect(link(name).txBytes).toBe(4 * 52 + 1000);
    }
  });

  it('counts busy time only up to the end of the run', () => {
    const { sim, t } = transport(1e9);
    // 1 MB each way starting 1 µs before the end (1 s): serialisation takes about 0.8 ms per link.
    t.carryTcpExchange(0, 1, 1_000_000, 1_000_000, 1e9 - 1000);
    for (const link of sim.links) {
      expect(link.txBytes).toBeGreaterThan(1_000_000);
      expect(link.busyNsUntil(1e9)).toBe(1000);
    }
  });

  it('puts push/pull and bulk-sync bytes on the links of a whole run', async () => {
    const text = `
name: tcp-exchange-run
seed: 3
duration: 40s
underlay: { topology: star, hosts: 20, hostLink: { bandwidth: 10Gbps, delay: 25us } }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 20, networks: [appnet] } }
gossip: { profile: lan, transport: { kind: underlay } }
`;
    const result = await runScenario(loadScenarioText('g.yaml', text).resolved);
    const gossip = result.gossip!;
    const perS = gossip.totals.bytesPerNodePerS;
    const tcpBytes = ((perS.pushPull ?? 0) + (perS.bulkSync ?? 0)) * gossip.totals.nodes * 40;
    const udpBytes = result.flows.filter((f) => f.workload === 'gossip').reduce((s, f) => s + f.underlayBytes, 0);
    const linkBytes = result.links.reduce((s, l) => s + l.txBytes, 0);
    // Every host pair is two links apart: each UDP datagram and each TCP byte (headers included,
    // ACKs and handshakes on top) crosses two links. Push/pull every 30 s and bulk sync every 30 s
    // make the TCP share large: without it the links would carry only the UDP bytes twice. The
    // report's per-node rates are rounded to the millibyte per second, hence 1 % of slack below;
    // ACKs and handshakes add a few per cent above.
    expect(tcpBytes).toBeGreaterThan(0.2 * udpBytes);
    expect(linkBytes).toBeGreaterThanOrEqual(2 * (udpBytes + tcpBytes) * 0.99);
    expect(linkBytes).toBeLessThan(2 * (udpBytes + tcpBytes) * 1.1);
  });
});
