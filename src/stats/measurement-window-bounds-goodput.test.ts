import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';

/**
 * With `measure: { from, to }` goodput counts only payload that arrives inside the window, per
 * second of the window, so it can never exceed what the bottleneck carries in that time:
 * 100 Mbit/s × 1448 / (1500 + 2) = 96.40 Mbit/s of TCP payload on a PPP link (one packet of
 * slack: one may have started serialising before the window opened). A loss-free bulk flow
 * measured after slow start's overshoot is repaired (2 s to 10 s) runs at that rate within 1%;
 * over the whole run slow start costs it more. Link utilisation covers the window too.
 */
describe('a measurement window bounds goodput by the bottleneck', () => {
  const scenario = (measure: string) => `
name: window
duration: 10s
${measure}
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 10ms, queue: 167, framing: ppp }]
workloads:
  - { name: bulk, kind: tcp-bulk, from: a, to: b, congestion: newreno }
`;
  const capacityBps = (100e6 * 1448) / 1502;

  it('steady window: within 1% of the payload capacity, never above it', async () => {
    const result = await runScenario(loadScenarioText('w.yaml', scenario('measure: { from: 2s, to: 10s }')).resolved);
    const flow = result.flows[0];
    const connection = result.connections?.[0];
    const link = result.links.find((l) => l.link === 'a->b');
    if (!flow || !connection || !link) throw new Error('missing results');
    const slackBps = (1448 * 8) / 8;
    console.log(`window goodput ${(flow.goodputBps / 1e6).toFixed(3)} Mbit/s, connection ${(connection.goodputBps / 1e6).toFixed(3)}, link utilisation ${link.utilisation.toFixed(4)}`);
    expect(flow.goodputBps).toBeLessThanOrEqual(capacityBps + slackBps);
    expect(flow.goodputBps).toBeGreaterThan(0.99 * capacityBps);
    expect(connection.goodputBps).toBeLessThanOrEqual(capacityBps + slackBps + 1e5);
    expect(link.utilisation).toBeGreaterThan(0.99);
    expect(link.utilisation).toBeLessThanOrEqual(1);
    expect(link.drops['queue-full']).toBe(0);
  });

  it('whole run: slow start and its losses lower the figure', async () => {
    const whole = await runScenario(loadScenarioText('w.yaml', scenario('')).resolved);
    const windowed = await runScenario(loadScenarioText('w.yaml', scenario('measure: { from: 2s }')).resolved);
    const g = (r: typeof whole) => r.flows[0]?.goodputBps ?? NaN;
    expect(g(whole)).toBeLessThan(g(windowed));
    expect(whole.links.find((l) => l.link === 'a->b')?.drops['queue-full']).toBeGreaterThan(0);
  });
});
