import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { DefaultPool, formatAddress, parseSubnet, type Subnet } from './ipam.ts';

describe('the default address pool 10.0.0.0/8 hands out /24s in order', () => {
  it('starts at 10.0.1.0/24 (10.0.0.0/24 is left to ingress) and skips blocks already taken', () => {
    const pool = new DefaultPool();
    const taken = [parseSubnet('10.0.2.0/23') as Subnet];
    const got = [pool.allocate(taken), pool.allocate(taken), pool.allocate(taken)].map((b) => `${formatAddress(b?.base ?? 0)}/${b?.prefix}`);
    expect(got).toEqual(['10.0.1.0/24', '10.0.4.0/24', '10.0.5.0/24']);
  });

  it('networks without a subnet avoid a subnet declared after them', () => {
    const text = `
name: pool
duration: 1s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps } }
networks:
  first: {}
  second: { subnet: 10.0.1.0/24 }
  third: {}
`;
    const { resolved } = loadScenarioText('pool.yaml', text);
    expect(resolved.networks.map((n) => `${n.name} ${n.subnet} ${n.usableAddresses}`)).toEqual(['first 10.0.2.0/24 253', 'second 10.0.1.0/24 253', 'third 10.0.3.0/24 253']);
  });
});
