import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../scenario/errors.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { usableAddresses } from './ipam.ts';

/**
 * Docker's arithmetic: usable = size − network − broadcast − gateway; a network needs one
 * address per task, one VIP per VIP-mode service attached (dnsrr has none; replicas: 0 still
 * has its VIP) and one load-balancer endpoint per host that runs a task on the network. Each
 * case fills a subnet exactly, then adds one task and expects the arithmetic in the error.
 */
function scenario(hosts: number, subnet: string, services: string): string {
  return `
name: ipam
duration: 1s
underlay: { topology: star, hosts: ${hosts}, hostLink: { bandwidth: 10Gbps } }
networks: { appnet: { subnet: ${subnet} } }
services:
${services}
`;
}

/** The messages of the scenario's issues, or [] when it is valid. */
function problems(text: string): string[] {
  try {
    loadScenarioText('ipam.yaml', text);
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
}

describe('IPAM counts equal Docker’s', () => {
  it('usable addresses: /24 holds 253, /26 holds 61, /16 holds 65 533', () => {
    expect([usableAddresses(24), usableAddresses(26), usableAddresses(16)]).toEqual([253, 61, 65_533]);
  });

  it('/24 on 10 hosts: 242 tasks + 1 VIP (dnsrr db has none) + 10 LB endpoints = 253 fits; one more task does not', () => {
    const services = (web: number) => `  web: { replicas: ${web}, networks: [appnet] }\n  db: { replicas: 2, networks: [appnet], endpointMode: dnsrr }`;
    expect(problems(scenario(10, '10.0.9.0/24', services(240)))).toEqual([]);
    expect(problems(scenario(10, '10.0.9.0/24', services(241)))).toEqual([
      'networks.appnet.subnet: 10.0.9.0/24 holds 253 addresses (256 less network, broadcast and gateway), this scenario needs 254: 243 tasks + 1 VIP + 10 node LB endpoints; ' +
        'swarm would fail with "could not find an available IP"; use a larger subnet, fewer replicas, dnsrr services (no VIP) or more networks',
    ]);
  });

  it('/24 on one host: 251 replicas of one VIP service (253 − 1 VIP − 1 LB endpoint)', () => {
    const services = (n: number) => `  web: { replicas: ${n}, networks: [appnet], placement: [h1] }`;
    expect(problems(scenario(2, '10.0.9.0/24', services(251)))).toEqual([]);
    expect(problems(scenario(2, '10.0.9.0/24', services(252)))[0]).toContain('needs 254: 252 tasks + 1 VIP + 1 node LB endpoint;');
  });

  it('/26 on 4 hosts: 54 tasks + 3 VIPs (one of a replicas: 0 service) + 4 LB endpoints = 61 fits; one more task does not', () => {
    const services = (a: number) =>
      `  a: { replicas: ${a}, networks: [appnet] }\n  b: { replicas: 3, networks: [appnet] }\n  idle: { replicas: 0, networks: [appnet] }\n  d: { replicas: 1, networks: [appnet], endpointMode: dnsrr }`;
    expect(problems(scenario(4, '10.0.8.0/26', services(50)))).toEqual([]);
    expect(problems(scenario(4, '10.0.8.0/26', services(51)))[0]).toContain('10.0.8.0/26 holds 61 addresses (64 less network, broadcast and gateway), this scenario needs 62: 55 tasks + 3 VIPs + 4 node LB endpoints;');
  });

  it('/16 on 100 hosts: 65 431 tasks + 2 VIPs + 100 LB endpoints = 65 533 fits; one more task does not', () => {
    const services = (a: number) => `  a: { replicas: ${a}, networks: [appnet] }\n  b: { replicas: 1, networks: [appnet] }`;
    expect(problems(scenario(100, '10.1.0.0/16', services(65_430)))).toEqual([]);
    expect(problems(scenario(100, '10.1.0.0/16', services(65_431)))[0]).toContain('10.1.0.0/16 holds 65533 addresses (65536 less network, broadcast and gateway), this scenario needs 65534: 65432 tasks + 2 VIPs + 100 node LB endpoints;');
  });
});
