/** Requests per second of each web task in {@link taskLifecycleScenario}, as the gap between them, ns. */
export const LIFECYCLE_REQUEST_GAP_NS = 1_000_000;

/**
 * A small cluster for task start and stop tests: api has 3 tasks on h1 to h3, web 4 tasks on h1
 * to h4 that each send 1000 requests/s (constant spacing) to api's VIP with `connect:
 * per-request`, and memberlist's LAN profile over the abstract gossip transport. `gossipExtra`
 * is YAML added to the gossip section (indented two spaces), `events` the lines of its events.
 */
export function taskLifecycleScenario(options: { duration: string; gossipExtra?: string; events: string }): string {
  return `name: lifecycle
seed: 3
duration: ${options.duration}
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 2, cpu: aesni }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 3, networks: [appnet], placement: [h1, h2, h3] }
  web: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h4] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: web, to: api, rate: 1000/s, arrivals: constant, connect: per-request, request: 100B, response: 100B }
gossip:
  profile: lan
${options.gossipExtra ?? ''}  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events:
${options.events}
`;
}
