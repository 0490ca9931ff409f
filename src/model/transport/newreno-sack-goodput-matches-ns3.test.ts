import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * NewReno with SACK against ns-3 3.37 (the issue's reference figures, mean of 5 seeds there):
 * a 100 Mbit/s point-to-point link, 10 ms one way, a 167-packet drop-tail queue (one BDP of
 * 1500 B packets), random loss p on the data direction only, one bulk flow for 20 s, MSS 1448
 * (1500 B MTU less 20 IP, 20 TCP and 12 timestamp bytes). ns-3's point-to-point device adds a
 * 2 B PPP header (framing: ppp). Every TCP setting is ns-3's default, not fitted: SACK on with
 * RFC 6675 recovery and PRR; initial window 10; delayed ACK every 2 segments or 200 ms; min
 * RTO 1 s (RFC 6298); slow start one MSS per ACK (TcpNewReno, no ABC); ssthresh half of the
 * RFC 6675 pipe at the third duplicate ACK (TcpSocketBase::EnterRecovery). Buffers are larger
 * than the window can grow (the reference's p = 0 figure shows they did not limit it).
 *
 * Tolerance. At p = 0 the run is deterministic and exact: the link carries 1448/1502 of
 * 100 Mbit/s = 96.40 Mbit/s of payload once slow start's overshoot is repaired; ±2% (the
 * issue's bound). With loss, goodput swings from seed to seed (at p = 1e-4 only about 10 loss
 * events fall in 20 s; one seed gives 40, another 65 Mbit/s), so the mean of 5 seeds carries a
 * standard error of about 8% at 1e-4 and 3% at 1e-3 and 1e-2, for ns-3's figure as for ours.
 * We take the mean of 10 seeds (standard error about 5% at 1e-4) and hold it to the issue's
 * ±10%. Over 30 seeds this model gives 54.8, 16.4 and 3.87 Mbit/s (+2%, −6%, −3%).
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function scenario(p: number): string {
  return `
name: ns3-sack
duration: 20s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [sender, receiver]
  links: [{ between: [sender, receiver], bandwidth: 100Mbps, delay: 10ms, queue: 167, framing: ppp, loss: { forward: ${p}, reverse: 0 } }]
workloads:
  - name: bulk
    kind: tcp-bulk
    from: sender
    to: receiver
    congestion: newreno
    sack: true
    abc: false
    ssthreshFrom: pipe
    initialWindow: 10
    delayedAck: 200ms
    minRto: 1s
`;
}

async function meanGoodputMbps(p: number, seeds: readonly number[]): Promise<number> {
  const resolved = loadScenarioText('ns3-sack.yaml', scenario(p)).resolved;
  let sum = 0;
  for (const seed of seeds) {
    const result = await runScenario(resolved, { seed });
    const c = result.connections?.[0];
    if (!c) throw new Error('no connection');
    expect(c.mssBytes).toBe(1448);
    sum += (c.forwardBytes * 8) / 20 / 1e6;
  }
  return sum / seeds.length;
}

describe('NewReno with SACK matches ns-3 3.37 on a lossy 100 Mbit/s path', () => {
  it('p = 0: 95.7 Mbit/s within 2%', async () => {
    const mbps = await meanGoodputMbps(0, [1]);
    console.log(`p=0: ${mbps.toFixed(2)} Mbit/s (ns-3 95.7)`);
    expect(mbps).toBeGreaterThan(95.7 * 0.98);
    expect(mbps).toBeLessThan(95.7 * 1.02);
    expect(mbps).toBeLessThan((100 * 1448) / 1502);
  });

  it.each([
    [1e-4, 53.8],
    [1e-3, 17.5],
    [1e-2, 3.98],
  ])('p = %s: mean of 10 seeds within ±10 percent of ns-3’s %s Mbit/s', async (p, ns3Mbps) => {
    const mbps = await meanGoodputMbps(p, SEEDS);
    console.log(`p=${p}: ${mbps.toFixed(2)} Mbit/s (ns-3 ${ns3Mbps}, ratio ${(mbps / ns3Mbps).toFixed(3)})`);
    expect(mbps).toBeGreaterThan(ns3Mbps * 0.9);
    expect(mbps).toBeLessThan(ns3Mbps * 1.1);
  });
});
