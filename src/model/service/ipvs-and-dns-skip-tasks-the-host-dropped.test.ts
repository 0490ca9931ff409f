import { describe, expect, it } from 'vitest';
import { EmbeddedDns } from './embedded-dns.ts';
import { IpvsTable } from './ipvs-table.ts';

/** A host's view (1 = it holds the task) narrows what its IPVS table and DNS hand out. */
describe('a host that dropped tasks from its view', () => {
  it('round robin skips them and keeps its place among the rest', () => {
    const known = new Uint8Array([1, 1, 1, 1]);
    const table = new IpvsTable(4, 'rr', [], 0, known);
    expect([table.pick(), table.pick()]).toEqual([0, 1]);
    known[2] = 0;
    expect([table.pick(), table.pick(), table.pick(), table.pick()]).toEqual([3, 0, 1, 3]);
    known.fill(0);
    expect(table.pick()).toBe(-1);
  });

  it('least connections and weighted round robin pick only held tasks', () => {
    const lc = new IpvsTable(3, 'lc', [], 0, new Uint8Array([0, 1, 1]));
    expect([lc.pick(), lc.pick(), lc.pick()]).toEqual([1, 2, 1]);
    const wrr = new IpvsTable(3, 'weighted', [3, 1, 1], 0, new Uint8Array([0, 1, 1]));
    expect([wrr.pick(), wrr.pick(), wrr.pick(), wrr.pick()]).toEqual([1, 2, 1, 2]);
  });

  it('DNS answers rotate over the held tasks only, each getting an equal share', () => {
    const dns = new EmbeddedDns();
    const known = new Uint8Array([1, 0, 1]);
    // Held tasks 0 and 2: queries 0..3 are the 1st, 2nd, 1st and 2nd of them.
    expect([0, 1, 2, 3].map(() => dns.firstAnswer('api', 3, () => 0, known))).toEqual([0, 2, 0, 2]);
    expect(dns.firstAnswer('api', 3, () => 0, new Uint8Array(3))).toBe(-1);
  });
});
