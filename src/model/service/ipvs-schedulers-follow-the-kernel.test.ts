import { describe, expect, it } from 'vitest';
import { IpvsTable } from './ipvs-table.ts';

/** The first `n` picks of a table. */
function picks(table: IpvsTable, n: number): number[] {
  return Array.from({ length: n }, () => table.pick());
}

describe('IPVS schedulers follow the kernel', () => {
  it('rr starts at the head of the list and cycles in order', () => {
    expect(picks(new IpvsTable(3, 'rr'), 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(picks(new IpvsTable(3, 'rr', [], 2), 4)).toEqual([2, 0, 1, 2]);
  });

  it('weighted (ip_vs_wrr) with weights 4, 3, 2 interleaves by stepping the current weight down: 0 | 0 1 | 0 1 2 | 0 1 2', () => {
    // Current weight 4 admits backend 0 only, 3 admits 0 and 1, 2 and 1 admit all three.
    expect(picks(new IpvsTable(3, 'weighted', [4, 3, 2]), 18)).toEqual([0, 0, 1, 0, 1, 2, 0, 1, 2, 0, 0, 1, 0, 1, 2, 0, 1, 2]);
  });

  it('weighted steps by the weights’ gcd: 6, 2, 2 behaves as 3, 1, 1', () => {
    expect(picks(new IpvsTable(3, 'weighted', [6, 2, 2]), 10)).toEqual(picks(new IpvsTable(3, 'weighted', [3, 1, 1]), 10));
    expect(picks(new IpvsTable(3, 'weighted', [3, 1, 1]), 5)).toEqual([0, 0, 0, 1, 2]);
  });

  it('lc picks the backend with the fewest connections, ties to the earlier one', () => {
    const table = new IpvsTable(3, 'lc');
    expect(picks(table, 6)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(table.connections).toEqual([2, 2, 2]);
  });
});
