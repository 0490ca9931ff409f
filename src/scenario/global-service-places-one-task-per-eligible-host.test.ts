import { describe, expect, it } from 'vitest';
import { loadScenarioText } from './load.ts';

/** Five hosts on one switch; `services` is inserted as written. */
const scenario = (services: string) => `
name: global
duration: 1ms
hosts: { cpu: none }
underlay: { topology: star, hosts: 5, hostLink: { bandwidth: 1Gbps } }
networks: { appnet: {} }
services:
${services}
`;

const hostsOf = (text: string, service: string) => {
  const { resolved } = loadScenarioText('global.yaml', scenario(text));
  return resolved.tasks.filter((t) => t.service === service).map((t) => `${t.name}@${resolved.topology.hosts[t.host]}`);
};

describe('mode: global', () => {
  it('puts exactly one task on every host, in host order, whatever replicas says', () => {
    expect(hostsOf('  agent: { mode: global, replicas: 3, networks: [appnet] }', 'agent')).toEqual(['agent.1@h1', 'agent.2@h2', 'agent.3@h3', 'agent.4@h4', 'agent.5@h5']);
  });

  it('with a host list, one task on each listed host only (listed twice still once)', () => {
    expect(hostsOf('  agent: { mode: global, placement: [h4, h2, h4], networks: [appnet] }', 'agent')).toEqual(['agent.1@h2', 'agent.2@h4']);
  });

  it('counts its tasks in the spread of a replicated service placed after it', () => {
    // agent fills h1..h5 once each; web's 2 tasks then go to the lowest hosts with the fewest tasks.
    const text = '  agent: { mode: global, placement: [h1, h2, h3], networks: [appnet] }\n  web: { replicas: 2, networks: [appnet] }';
    expect(hostsOf(text, 'web')).toEqual(['web.1@h4', 'web.2@h5']);
  });

  it('checks weights against the number of hosts, not replicas', () => {
    expect(() => hostsOf('  agent: { mode: global, scheduler: weighted, weights: [1, 2], networks: [appnet] }', 'agent')).toThrow(/expected one weight per task \(5\), got 2/);
  });
});
