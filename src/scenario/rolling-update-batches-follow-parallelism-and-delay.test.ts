import { describe, expect, it } from 'vitest';
import { loadScenarioText } from './load.ts';

const scenario = (events: string, update = '{ parallelism: 2, delay: 1s }') => `name: plan
duration: 10s
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps } }
hosts: { cpu: aesni }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h1], update: ${update} }
  web: { replicas: 1, networks: [appnet], placement: [h4] }
gossip:
  events:
${events}
`;

/** The task starts and stops that scale events and rolling updates plan, by hand. */
describe('scale events and rolling updates', () => {
  it('replace parallelism tasks per batch, batches delay apart, each new task on its old one\'s host', () => {
    const plan = loadScenarioText('u.yaml', scenario('    - { kind: update, at: 2s, service: api }')).resolved.taskPlan;
    // 4 tasks, 2 per batch, 1 s apart; stop-first: each stop, then its replacement, at the batch time;
    // all made by gossip.events[0].
    expect(plan?.changes).toEqual([
      { atNs: 2e9, task: 'api.1', op: 'stop', event: 0 },
      { atNs: 2e9, task: 'api.5', op: 'start', event: 0 },
      { atNs: 2e9, task: 'api.2', op: 'stop', event: 0 },
      { atNs: 2e9, task: 'api.6', op: 'start', event: 0 },
      { atNs: 3e9, task: 'api.3', op: 'stop', event: 0 },
      { atNs: 3e9, task: 'api.7', op: 'start', event: 0 },
      { atNs: 3e9, task: 'api.4', op: 'stop', event: 0 },
      { atNs: 3e9, task: 'api.8', op: 'start', event: 0 },
    ]);
    expect(plan?.laterTasks.map((t) => t.host)).toEqual([0, 1, 2, 0]);
  });

  it('parallelism 0 replaces every task at once; start-first starts the new task before stopping the old', () => {
    const plan = loadScenarioText('u.yaml', scenario('    - { kind: update, at: 2s, service: api }', '{ parallelism: 0, delay: 5s, order: start-first }')).resolved.taskPlan;
    expect(plan?.changes.map((c) => `${c.atNs / 1e9}s ${c.op} ${c.task}`)).toEqual([
      '2s start api.5', '2s stop api.1', '2s start api.6', '2s stop api.2', '2s start api.7', '2s stop api.3', '2s start api.8', '2s stop api.4',
    ]);
  });

  it('scale up starts tasks on the attached hosts with the fewest of the service; scale down stops the highest-numbered', () => {
    const plan = loadScenarioText('s.yaml', scenario('    - { kind: scale, at: 1s, service: api, replicas: 6 }\n    - { kind: scale, at: 4s, service: api, replicas: 3 }')).resolved.taskPlan;
    // h1 runs 2, h2 and h3 1 each, h4 none (it is attached through web): api.5 on h4, then api.6 on h2 (lowest of the ties at 1).
    expect(plan?.laterTasks.map((t) => [t.name, t.host])).toEqual([['api.5', 3], ['api.6', 1]]);
    expect(plan?.changes.filter((c) => c.op === 'stop').map((c) => c.task)).toEqual(['api.6', 'api.5', 'api.4']);
  });

  it('an unknown service is an error naming the event and the services', () => {
    expect(() => loadScenarioText('bad.yaml', scenario('    - { kind: scale, at: 1s, service: apx, replicas: 2 }'))).toThrow(
      /gossip\.events\[0\]\.service.*unknown service "apx" \(did you mean "api"\?\); services: api, web/,
    );
  });
});
