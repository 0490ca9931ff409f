import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * `loss: { forward: 0.1 }` loses packets from the first node of `between` only; `loss: 0.1`
 * both ways. 20 000 packets each way at p = 0.1: 2000 lost, binomial standard deviation 42,
 * held to 4 of them.
 */
describe('link loss may differ per direction', () => {
  const run = async (loss: string) => {
    const text = `
name: loss-direction
duration: 2s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 1Gbps, delay: 1ms, loss: ${loss} }]
workloads:
  - { name: ab, kind: udp-cbr, from: a, to: b, packetRate: 10000/s, payload: 100B }
  - { name: ba, kind: udp-cbr, from: b, to: a, packetRate: 10000/s, payload: 100B }
`;
    const result = await runScenario(loadScenarioText('l.yaml', text).resolved);
    const lost = (name: string) => result.links.find((l) => l.link === name)?.drops.loss ?? NaN;
    return { ab: lost('a->b'), ba: lost('b->a') };
  };
  const near = (lost: number) => Math.abs(lost - 2000) < 4 * Math.sqrt(20_000 * 0.1 * 0.9);

  it('forward only', async () => {
    const { ab, ba } = await run('{ forward: 0.1 }');
    expect(near(ab)).toBe(true);
    expect(ba).toBe(0);
  });

  it('reverse only', async () => {
    const { ab, ba } = await run('{ reverse: 10% }');
    expect(ab).toBe(0);
    expect(near(ba)).toBe(true);
  });

  it('a number: both ways', async () => {
    const { ab, ba } = await run('0.1');
    expect(near(ab) && near(ba)).toBe(true);
  });
});
