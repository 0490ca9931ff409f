import { describe, expect, it } from 'vitest';
import { GossipMonitor } from '../../stats/gossip-monitor.ts';
import { testCluster } from './test-cluster.ts';

/**
 * SWIM (ref §5.4): each member probes one uniformly random member per protocol period T′; a
 * crashed member is picked by at least one of the others in a period with probability
 * 1 − (1 − 1/(N−1))^(N−1) ≈ 1 − 1/e, so the first detection comes after a geometric number of
 * periods with mean e/(e−1) ≈ 1.582 (1.577 at N = 100). Probes are synchronised (no stagger), the
 * crash comes 1 ns before a period starts, and a failed probe suspects its target at the end of
 * its period, so (first suspicion − crash) / T′ is that number of periods.
 * 400 trials: the geometric's s.d. is 0.96 periods, so the mean's s.e. is 0.048 (3 %); the
 * tolerance is the 10 %.
 */
describe('SWIM first detection of a crashed member', () => {
  it('takes e/(e−1) protocol periods on average, within 10 % (random target per period, N = 100, 400 trials)', () => {
    const T = 1e9;
    const crashNs = 5 * T - 1;
    let sum = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const { ctx, cluster } = testCluster(100, 5000 + t, { probeOrder: 'random', pushPullIntervalNs: 0 }, { stagger: false, events: [{ atNs: crashNs, kind: 'crash', hosts: [42] }] });
      const monitor = new GossipMonitor(cluster);
      ctx.scheduler.run({ untilNs: 20 * T });
      const detection = monitor.results(20 * T).events[0]!.firstDetectionNs as number;
      sum += detection / T;
    }
    const mean = sum / trials;
    expect(Math.abs(mean / (Math.E / (Math.E - 1)) - 1)).toBeLessThan(0.1);
  });
});
