import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioText } from './load.ts';

/**
 * scenarios/stack.yaml imports examples/docker-stack.yml. Written out by hand, the same
 * services and networks must resolve to exactly the same thing: every field the importer maps,
 * the placement its constraints give, the subnets and the task placement.
 */
const HAND_WRITTEN = `
name: stack
duration: 200ms
underlay: { topology: star, hosts: 7, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 8, cpu: aesni }
workloads:
  # h7 sends to the published port, so it is an external client, not a swarm node, as in stack.yaml.
  - { name: shoppers, kind: tcp-rpc, from: h7, to: frontend, port: 8080, rate: 500/s }
networks:
  frontend: { driver: overlay }
  backend: { driver: overlay, encrypted: true, subnet: 10.0.20.0/24 }
services:
  frontend:
    replicas: 3
    networks: [frontend]
    ports: [{ published: 8080, target: 80 }]
    update: { parallelism: 1, delay: 10s, order: start-first }
  api:
    replicas: 4
    networks: [frontend, backend]
    endpointMode: vip
    placement: [h1, h2, h3, h4, h5]
    update: { parallelism: 2, delay: 5s }
  cache:
    replicas: 1
    networks: [backend]
    endpointMode: dnsrr
    placement: [h6]
  metrics:
    mode: global
    networks: [frontend]
    ports: [{ target: 9100, published: 9100, protocol: tcp, mode: host }]
`;

describe('the example stack file', () => {
  const imported = loadScenario('scenarios/stack.yaml').resolved;
  const byHand = loadScenarioText('hand-written.yaml', HAND_WRITTEN).resolved;

  it('gives the services a hand-written scenario gives, field for field', () => {
    expect(Object.keys(imported.services)).toEqual(['frontend', 'api', 'cache', 'metrics']);
    expect(imported.services).toEqual(byHand.services);
    // The fields the stack sets, spelled out, so a default that changes cannot hide a lost field.
    expect(imported.services['frontend']?.update).toStrictEqual({ parallelism: 1, delay: 10_000_000_000, order: 'start-first' });
  });

  it('gives the same networks: the encrypted backend with its subnet, the plain frontend from the default pool, and ingress for the published port', () => {
    expect(imported.networks).toEqual(byHand.networks);
    expect(imported.networks.map((n) => [n.name, n.encap, n.subnet])).toEqual([
      ['ingress', 'vxlan', '10.0.0.0/24'],
      ['frontend', 'vxlan', '10.0.1.0/24'],
      ['backend', 'vxlan-esp', '10.0.20.0/24'],
    ]);
  });

  it('places the same tasks: api off h6, cache on h6, one metrics task on each of the 6 swarm nodes (not on h7, the external client)', () => {
    expect(imported.tasks).toEqual(byHand.tasks);
    const on = (service: string) => imported.tasks.filter((t) => t.service === service).map((t) => imported.topology.hosts[t.host]);
    expect(on('cache')).toEqual(['h6']);
    expect(on('api')).not.toContain('h6');
    expect(on('metrics')).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
  });
});
