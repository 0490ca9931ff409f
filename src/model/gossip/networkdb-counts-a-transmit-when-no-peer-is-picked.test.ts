import { describe, expect, it } from 'vitest';
import { scenarioCluster } from './test-cluster.ts';

/**
 * moby's nDB.gossip takes a tick's messages from the queue (GetBroadcasts, which counts one
 * transmit each) before it looks at the peers it picked, so a tick with no peer still uses up a
 * transmit (ref §3.3). On a network whose only member is h1, the limit is 4 × ⌈log10(1 + 1)⌉ = 4
 * ticks: an endpoint's two table events are sampled in the queue at 4 ticks, then it is empty.
 * Without the count the queue would never drain.
 */
const TEXT = `name: lone-member
seed: 3
duration: 3s
underlay: { topology: abstract, hosts: 4 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 1, networks: [appnet], placement: [h1] } }
gossip:
  events:
    - { kind: endpoints, at: 1s, network: appnet, action: create, count: 1, rate: 1/s }
`;

describe('NetworkDB gossip on a network without peers', () => {
  it('counts a transmit per tick, so a lone member drops its events after the limit (4 ticks)', () => {
    const { ctx, cluster, hostIndex } = scenarioCluster(TEXT);
    const h1 = hostIndex('h1');
    const depths: number[] = [];
    cluster.tableQueueSampled.connect((host, depth, nowNs) => {
      if (host === h1 && nowNs > 1e9) depths.push(depth);
    });
    ctx.scheduler.run({ untilNs: 3e9 });
    expect(depths.slice(0, 6)).toEqual([2, 2, 2, 2, 0, 0]);
  });
});
