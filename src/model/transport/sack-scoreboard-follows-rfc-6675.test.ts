import { describe, expect, it } from 'vitest';
import { SackScoreboard } from './sack-scoreboard.ts';

/**
 * RFC 6675 by hand, MSS 100, DupThresh 3. Segments start at 1, 101, 201, …; the receiver holds
 * [301, 401) and [501, 801): 1 + 3 segments SACKed, holes at 1–300 and 401–500.
 * IsLost(seq): more than (3 − 1) × 100 = 200 SACKed bytes above seq, or 3 SACKed ranges above.
 * Above 401: 300 bytes (> 200) → the hole 401–500 is lost, and so is everything below it.
 */
describe('the SACK scoreboard answers RFC 6675’s questions', () => {
  const board = () => {
    const b = new SackScoreboard();
    b.add(501, 601);
    b.add(301, 401);
    b.add(601, 801); // merges with [501, 601)
    return b;
  };

  it('merges ranges and counts SACKed bytes', () => {
    const b = board();
    expect(b.sackedBytes).toBe(400);
    expect(b.highestSacked).toBe(801);
    expect(b.unsackedBytes(1, 801)).toBe(400);
  });

  it('IsLost: unSACKed bytes below the start of the range where 200 SACKed bytes are exceeded', () => {
    expect(board().lostBelow(3, 100)).toBe(501);
    // Only [501, 701) SACKed: 200 bytes, not more than 200 → nothing lost yet.
    const b = new SackScoreboard();
    b.add(501, 701);
    expect(b.lostBelow(3, 100)).toBe(0);
    // Three separate one-byte ranges: the discontiguous rule says lost below the lowest.
    const c = new SackScoreboard();
    c.add(10, 11);
    c.add(20, 21);
    c.add(30, 31);
    expect(c.lostBelow(3, 100)).toBe(10);
  });

  it('NextSeg walks holes; the cumulative ACK trims the board', () => {
    const b = board();
    expect(b.nextUnsacked(1)).toBe(1);
    expect(b.nextUnsacked(301)).toBe(401);
    expect(b.nextSacked(401)).toBe(501);
    expect(b.nextSacked(801)).toBe(Infinity);
    b.ackTo(551);
    expect(b.sackedBytes).toBe(250);
    expect(b.unsackedBytes(551, 801)).toBe(0);
  });
});
