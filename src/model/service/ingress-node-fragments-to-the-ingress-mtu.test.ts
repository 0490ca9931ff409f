import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';

/**
 * An external client on h3 sends one 1500-byte UDP datagram (1472 B payload) to port 8080 of a
 * task on h2, through h1. It fits the client's 1500-byte link whole, but not the ingress
 * overlay's 1450-byte container MTU, so h1 cuts it into two inner fragments (IPv4, 8-byte
 * aligned: 1444 B and 20 + 1480 − 1424 = 76 B) before the extra hop; h2 reassembles the
 * datagram and delivers it once, whole.
 */
const SCENARIO = `
name: frag
duration: 1ms
underlay: { topology: star, hosts: 3, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 1, cpu: aesni }
networks: { appnet: {} }
services:
  web: { networks: [appnet], placement: [h2], ports: [{ published: 8080, target: 80, protocol: udp }] }
workloads:
  - { name: ext, kind: udp-cbr, from: h3, to: web, port: 8080, nodes: [h1], packetRate: 1000/s, payload: 1472B }
`;

describe('the ingress node fragments a datagram to the ingress overlay’s MTU', () => {
  it('one 1500 B packet to h1, two VXLAN packets of 1444 + 50 and 76 + 50 B to h2, one 1500 B datagram delivered', () => {
    const sim = buildSimulation(loadScenarioText('frag.yaml', SCENARIO).resolved, 1);
    const wire: [number, number][] = [];
    const received: number[] = [];
    sim.ctx.wireSent.connect((p) => wire.push([p.dstHost, p.sizeBytes]));
    sim.ctx.received.connect((p) => received.push(p.sizeBytes));
    sim.ctx.scheduler.run({ untilNs: 1e6 });
    expect(wire).toEqual([
      [0, 1500],
      [1, 1494],
      [1, 126],
    ]);
    expect(received).toEqual([1500]);
  });
});
