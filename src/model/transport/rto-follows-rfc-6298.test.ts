import { describe, expect, it } from 'vitest';
import { RttEstimator } from './rtt-estimator.ts';

/**
 * RFC 6298 by hand (ms): first sample R: SRTT = R, RTTVAR = R/2; later ones RTTVAR = ¾·RTTVAR
 * + ¼·|SRTT − R|, SRTT = ⅞·SRTT + ⅛·R; RTO = SRTT + max(G, 4·RTTVAR), at least 200 ms (Linux),
 * doubled per timeout until the next sample.
 */
describe('the retransmission timeout follows RFC 6298', () => {
  it('Jacobson/Karn estimates, back-off and the 200 ms floor', () => {
    const ms = 1e6;
    const rtt = new RttEstimator(1000 * ms, 200 * ms, 120_000 * ms);
    expect(rtt.rtoNs).toBe(1000 * ms);
    rtt.sample(100 * ms); // SRTT 100, RTTVAR 50 → 100 + 200
    expect(rtt.rtoNs).toBe(300 * ms);
    rtt.sample(200 * ms); // RTTVAR 37.5 + 25 = 62.5, SRTT 87.5 + 25 = 112.5 → 112.5 + 250
    expect(rtt.srttNs).toBe(112.5 * ms);
    expect(rtt.rtoNs).toBe(362.5 * ms);
    rtt.backOff();
    expect(rtt.rtoNs).toBe(725 * ms);
    rtt.backOff();
    expect(rtt.rtoNs).toBe(1450 * ms);
    rtt.sample(20 * ms); // RTTVAR 46.875 + 23.125 = 70, SRTT 98.4375 + 2.5 = 100.9375 → + 280
    expect(rtt.rtoNs).toBe(380.9375 * ms);
    for (let i = 0; i < 100; i++) rtt.sample(1 * ms);
    expect(rtt.rtoNs).toBe(200 * ms);
    expect(rtt.minRttNs).toBe(1 * ms);
  });

  it('back-off stops at the maximum', () => {
    const rtt = new RttEstimator(1e9, 200e6, 120e9);
    for (let i = 0; i < 20; i++) rtt.backOff();
    expect(rtt.rtoNs).toBe(120e9);
  });
});
