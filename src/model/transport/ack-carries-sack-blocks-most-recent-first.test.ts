import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import type { LazyTimer } from './lazy-timer.ts';
import { DEFAULT_TCP } from './tcp-config.ts';
import { maxSackBlocks, segmentBytes, TCP_SACK_BASE_BYTES, TCP_SACK_BLOCK_BYTES } from './tcp-header.ts';
import { TcpReceiver } from './tcp-receiver.ts';

/**
 * RFC 2018 §4: the first block holds the segment that triggered the ACK, then the blocks most
 * recently reported; 3 blocks fit beside timestamps. On the wire an ACK with n blocks is
 * 52 + 4 + 8n bytes (Linux's NOP, NOP, kind, length, then 8 bytes per block).
 */
describe('an ACK carries SACK blocks, most recent first', () => {
  const timer = { running: false, startAt() {}, stop() {} } as unknown as LazyTimer;
  const receiver = (sack: boolean) => {
    const r = new TcpReceiver({ sendAck() {} }, { ...DEFAULT_TCP, mssBytes: 100, sack }, timer);
    r.init(0, 0);
    return r;
  };

  it('orders the blocks by arrival and merges adjacent ones', () => {
    const r = receiver(true);
    const edges = new Float64Array(8);
    r.onData(1, 100, 0, 0); // in order: rcvNxt 101
    r.onData(201, 100, 0, 0); // hole 101–200
    r.onData(401, 100, 0, 0); // hole 301–400
    r.onData(601, 100, 0, 0); // hole 501–600
    r.onData(801, 100, 0, 0); // hole 701–800
    expect(r.sackBlocks(edges, maxSackBlocks(true))).toBe(3);
    expect([...edges.slice(0, 6)]).toEqual([801, 901, 601, 701, 401, 501]);
    // 301–400 joins [201, 301) and [401, 501) into one range, which goes first; the range of
    // the oldest remembered arrival (201) is the same one, so three blocks remain.
    r.onData(301, 100, 0, 0);
    expect(r.sackBlocks(edges, 4)).toBe(3);
    expect([...edges.slice(0, 6)]).toEqual([201, 501, 801, 901, 601, 701]);
    r.onData(101, 100, 0, 0); // fills the first hole: rcvNxt jumps to 501
    expect(r.rcvNxt).toBe(501);
    expect(r.sackBlocks(edges, 3)).toBe(2);
    expect([...edges.slice(0, 4)]).toEqual([801, 901, 601, 701]);
  });

  it('reports nothing without SACK', () => {
    const r = receiver(false);
    r.onData(201, 100, 0, 0);
    expect(r.sackBlocks(new Float64Array(8), 3)).toBe(0);
  });

  it('ACKs with blocks are 4 + 8 bytes a block longer on the wire', async () => {
    const text = (sack: boolean) => `
name: sack-bytes
duration: 20s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 5ms, loss: { forward: 0.02 } }]
workloads:
  - { name: bulk, kind: tcp-bulk, from: a, to: b, bytes: 2MB, congestion: newreno, sack: ${sack} }
`;
    const withSack = await runScenario(loadScenarioText('s.yaml', text(true)).resolved);
    const without = await runScenario(loadScenarioText('s.yaml', text(false)).resolved);
    const acks = (r: typeof withSack) => r.flows.find((f) => f.src === 'b') ?? r.flows[1];
    const plainAck = segmentBytes(0, true);
    // Without SACK every ACK (SYN-ACK aside) is 52 B; with SACK some carry 1–3 blocks.
    const a = acks(without);
    const b = acks(withSack);
    if (!a || !b) throw new Error('no ACK flow');
    expect(a.txBytes).toBe(a.txPackets * plainAck + 8);
    const extra = b.txBytes - (b.txPackets * plainAck + 8);
    expect(extra).toBeGreaterThan(0);
    expect(extra % 4).toBe(0);
    expect(extra).toBeGreaterThanOrEqual(TCP_SACK_BASE_BYTES + TCP_SACK_BLOCK_BYTES);
    expect(withSack.connections?.[0]?.forwardBytes).toBe(2e6);
  });
});
