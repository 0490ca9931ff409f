import { describe, expect, it } from 'vitest';
import { loadScenarioText } from './load.ts';
import { runScenario } from './run.ts';

/**
 * `queue: { packets, bytes }` limits both: a packet is dropped when it would take the waiting
 * packets past either. 1000-byte packets offered at twice the line rate fill the queue at once,
 * so the peak is exactly the binding limit: with 2500 bytes, 2 packets (a third would make 3000
 * bytes); with 2 packets and 1 MiB, 2 packets.
 */
async function peak(queue: string): Promise<{ packets: number; bytes: number; drops: number }> {
  const loaded = loadScenarioText(
    'queue.yaml',
    `name: queue
duration: 2ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps, queue: ${queue} } }
workloads:
  - { name: w, kind: udp-cbr, from: h1, to: h2, packetRate: 250000/s, packetSize: 1000B }
`,
  );
  const result = await runScenario(loaded.resolved);
  const link = result.links.find((l) => l.link === 'h1->sw');
  if (!link) throw new Error('no h1->sw link');
  return { packets: link.peakQueuePackets, bytes: link.peakQueueBytes, drops: link.drops['queue-full'] ?? 0 };
}

describe('a queue limited in packets and bytes', () => {
  it('holds at most what the byte limit allows when it binds first', async () => {
    const p = await peak('{ packets: 5, bytes: 2500B }');
    expect(p).toMatchObject({ packets: 2, bytes: 2000 });
    expect(p.drops).toBeGreaterThan(0);
  });

  it('holds at most what the packet limit allows when it binds first', async () => {
    expect(await peak('{ packets: 2, bytes: 1MiB }')).toMatchObject({ packets: 2, bytes: 2000 });
  });

  it('rejects a mapping with neither limit', () => {
    expect(() => loadScenarioText('q.yaml', 'name: q\nduration: 1ms\nunderlay: { topology: star, hosts: 2, hostLink: { bandwidth: 1Gbps, queue: {} } }\n')).toThrow(/underlay\.hostLink\.queue/);
  });
});
