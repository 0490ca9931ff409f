import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { CPU_PROFILES } from '../host/cpu-profile.ts';

/**
 * An external client on h3 sends one 128-byte UDP packet (100 B payload) to port 8080 of a
 * one-task service whose task runs on h2 (aesni profile, one core, 10 Gbit/s links with 5 µs
 * delay through one switch). Sent to h2, the task is local to the ingress node: the client's
 * send, two bare hops of (128 + 38) × 8 / 10 = 132.8 ns serialisation (133 after the link's
 * rounding) and 5000 ns propagation, then h2's receive plus IPVS and NAT (767 ns). Sent to h1,
 * h1 receives it the same way and runs IPVS and NAT, then sends it over the ingress overlay to
 * h2: the extra hop adds h1's send and h2's receive of the VXLAN packet (stack + copy + VXLAN
 * each) and two hops of (128 + 50 + 38) × 8 / 10 = 172.8 ns (173) and 5000 ns, exactly.
 */
const aesni = CPU_PROFILES.aesni;
if (!aesni) throw new Error('no aesni profile');

function scenario(node: string, mode: 'ingress' | 'host'): string {
  return `
name: mesh
duration: 1ms
underlay: { topology: star, hosts: 3, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 1, cpu: aesni }
services:
  web: { networks: [appnet], placement: [h2], ports: [{ published: 8080, target: 80, protocol: udp, mode: ${mode} }] }
networks: { appnet: {} }
workloads:
  - { name: ext, kind: udp-cbr, from: h3, to: web, port: 8080, nodes: [${node}], packetRate: 1000/s, payload: 100B }
`;
}

/** [sent, received] of the one packet, and the host each outer packet put on the wire was addressed to. */
function trace(node: string, mode: 'ingress' | 'host' = 'ingress'): { times: [number, number][]; wireTo: number[] } {
  const sim = buildSimulation(loadScenarioText('mesh.yaml', scenario(node, mode)).resolved, 1);
  const times: [number, number][] = [];
  const wireTo: number[] = [];
  sim.ctx.received.connect((p, nowNs) => times.push([p.sentNs, nowNs]));
  sim.ctx.wireSent.connect((p) => wireTo.push(p.dstHost));
  sim.ctx.scheduler.run({ untilNs: 1e6 });
  return { times, wireTo };
}

describe('the ingress extra hop adds exactly its serialisation, propagation and encapsulation CPU', () => {
  const bareSideNs = Math.round(aesni.segmentNs + 128 * aesni.copyNsPerByte);
  const vxlanSideNs = Math.round(aesni.segmentNs + 128 * aesni.copyNsPerByte + aesni.vxlanNs);
  const bareWireNs = 2 * (133 + 5000);
  const localNs = 2 * bareSideNs + bareWireNs + aesni.ipvsNs;
  const hopNs = 2 * vxlanSideNs + 2 * (173 + 5000);

  it('task on the ingress node: the client’s send, the bare wire, the node’s receive and IPVS with NAT', () => {
    expect(trace('h2').times).toEqual([[0, localNs]]);
  });
  it('task on another node: the same plus the hop to it over the ingress overlay', () => {
    const { times, wireTo } = trace('h1');
    expect(times).toEqual([[0, localNs + hopNs]]);
    // First addressed to h1 (index 0), then from h1 to the task's host h2 (index 1).
    expect(wireTo).toEqual([0, 1]);
  });
  it('host mode: the request never leaves the node it reached, and no IPVS runs', () => {
    const { times, wireTo } = trace('h2', 'host');
    expect(times).toEqual([[0, 2 * bareSideNs + bareWireNs]]);
    expect(wireTo).toEqual([1]);
  });
});
