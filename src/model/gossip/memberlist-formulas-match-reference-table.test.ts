import { describe, expect, it } from 'vitest';
import { pushPullIntervalNs, retransmitLimit, suspicionConfirmations, suspicionMaxNs, suspicionMinNs, suspicionTimeoutNs } from './memberlist-formulas.ts';
import { LAN, LOCAL, WAN } from './profiles.ts';

/**
 * reference/gossip-controlplane.md §2.1 "Computed values" table (LAN unless noted). The table
 * prints suspicion times rounded to 0.1 s and maxima to 1 s; the formulas are exact, so values
 * are compared to that printed precision. Retransmit limits and push/pull periods are exact.
 */
const S = 1e9;
const TABLE = [
  { n: 10, limit: 8, local: 4, minS: 4.0, maxS: 24, wanMinS: 30, ppLan: 30, ppWan: 60 },
  { n: 100, limit: 12, local: 6, minS: 8.0, maxS: 48, wanMinS: 60, ppLan: 90, ppWan: 180 },
  { n: 1000, limit: 16, local: 8, minS: 12.0, maxS: 72, wanMinS: 90, ppLan: 180, ppWan: 360 },
  { n: 10000, limit: 20, local: 10, minS: 16.0, maxS: 96, wanMinS: 120, ppLan: 300, ppWan: 600 },
];

describe.each(TABLE)('memberlist formulas at N = $n equal the reference table', (row) => {
  it('retransmit limit: RetransmitMult × ceil(log10(N+1)) for LAN/WAN (4) and local (2)', () => {
    expect(retransmitLimit(LAN.retransmitMult, row.n)).toBe(row.limit);
    expect(retransmitLimit(WAN.retransmitMult, row.n)).toBe(row.limit);
    expect(retransmitLimit(LOCAL.retransmitMult, row.n)).toBe(row.local);
  });
  it('suspicion timeout minimum and maximum (LAN), minimum (WAN)', () => {
    const min = suspicionMinNs(LAN.suspicionMult, row.n, LAN.probeIntervalNs);
    expect(min / S).toBeCloseTo(row.minS, 1);
    expect(Math.round(suspicionMaxNs(LAN.suspicionMaxTimeoutMult, min) / S)).toBe(row.maxS);
    expect(Math.round(suspicionMinNs(WAN.suspicionMult, row.n, WAN.probeIntervalNs) / S)).toBe(row.wanMinS);
  });
  it('push/pull period scaled with N (LAN 30 s, WAN 60 s base)', () => {
    expect(pushPullIntervalNs(LAN.pushPullIntervalNs, row.n) / S).toBe(row.ppLan);
    expect(pushPullIntervalNs(WAN.pushPullIntervalNs, row.n) / S).toBe(row.ppWan);
  });
});

describe('suspicion confirmations (LAN, k = SuspicionMult − 2 = 2)', () => {
  it('after 1 confirmation: 22.8 s at N=100, 34.1 s at 1000, 45.5 s at 10000; after 2 the minimum', () => {
    for (const [n, s] of [[100, 22.8], [1000, 34.1], [10000, 45.5]] as const) {
      const min = suspicionMinNs(4, n, 1e9);
      const max = suspicionMaxNs(6, min);
      const k = suspicionConfirmations(4, n);
      expect(k).toBe(2);
      expect(suspicionTimeoutNs(1, k, min, max) / S).toBeCloseTo(s, 1);
      expect(suspicionTimeoutNs(2, k, min, max)).toBe(min);
      expect(suspicionTimeoutNs(0, k, min, max)).toBe(max);
    }
  });
  it('k becomes 0 when N − 2 < k, and the timer is then the minimum', () => {
    expect(suspicionConfirmations(4, 3)).toBe(0);
    expect(suspicionTimeoutNs(0, 0, 4e9, 24e9)).toBe(4e9);
  });
  it('no push/pull scaling up to 32 nodes, doubling from 33', () => {
    expect(pushPullIntervalNs(30e9, 32)).toBe(30e9);
    expect(pushPullIntervalNs(30e9, 33)).toBe(60e9);
  });
});
