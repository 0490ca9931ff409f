import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { buildSimulation } from '../../scenario/build.ts';
import { mssFor } from '../transport/tcp-header.ts';
import { APP_CALL_BYTES } from '../transport/app-writes.ts';

/**
 * A profile that charges only two costs, so each host's CPU time can be split by hand: 5000 ns
 * per application system call (a write on the sender, a read on the receiver) and 1000 ns per
 * segment; offloads off, so every packet is a segment of its own. Each host has one core, so a
 * host's busy time is its core's: (packets it worked on) × 1000 + (system calls) × 5000, exactly
 * (whole ns: no rounding is carried).
 */
const CALL_NS = 5000;
const SEGMENT_NS = 1000;

function scenario(workload: string, duration = '1s'): string {
  return `
name: calls
duration: ${duration}
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 100Mbps, delay: 10us } }
hosts: { cores: 1, offloads: false, cpu: { base: none, syscallNs: ${CALL_NS}, segmentNs: ${SEGMENT_NS} } }
workloads:
  - ${workload}
`;
}

/** Per host: packets its core worked on, and the calls its busy time holds beyond their segments. */
function callsPerHost(workload: string, duration?: string): { packets: number; calls: number }[] {
  const sim = buildSimulation(loadScenarioText('calls.yaml', scenario(workload, duration)).resolved, 1);
  sim.ctx.scheduler.run({ untilNs: 5e9 });
  return sim.cores.map(({ cpu }) => {
    const extraNs = cpu.busyNsUntil(5e9) - cpu.packets * SEGMENT_NS;
    return { packets: cpu.packets, calls: extraNs / CALL_NS };
  });
}

describe('an application write or read pays one system call, apart from the segments', () => {
  it('a UDP datagram is one write on the sender and one read on the receiver', () => {
    // 1000/s for 3 ms: 3 datagrams of 1028 B, each one segment a side.
    const [sender, receiver] = callsPerHost('{ name: u, kind: udp-cbr, from: h1, to: h2, packetRate: 1000/s, payload: 1000B }', '3ms');
    expect(sender).toEqual({ packets: 3, calls: 3 });
    expect(receiver).toEqual({ packets: 3, calls: 3 });
  });

  it('a datagram cut into two fragments is still one write and one read', () => {
    // 3000 B of payload make a 3028-byte IP datagram: three fragments at MTU 1500, three segments a side.
    const [sender, receiver] = callsPerHost('{ name: u, kind: udp-cbr, from: h1, to: h2, packetRate: 1000/s, payload: 3000B }', '1ms');
    expect(sender).toEqual({ packets: 3, calls: 1 });
    expect(receiver).toEqual({ packets: 3, calls: 1 });
  });

  it('a ping is written by the pinger and read by it; the kernel answers without a call', () => {
    // 10/s for 300 ms: 3 pings; h1 sends the request and receives the reply, h2 the other way.
    const [pinger, answerer] = callsPerHost('{ name: p, kind: ping, from: h1, to: h2, interval: 100ms }', '300ms');
    expect(pinger).toEqual({ packets: 6, calls: 6 });
    expect(answerer).toEqual({ packets: 6, calls: 0 });
  });

  it(`a TCP write of W bytes is one call per ${APP_CALL_BYTES} B for ceil(W / MSS) packets; the idle reader reads each packet as it comes`, () => {
    const mss = mssFor(1500, true);
    expect(mss).toBe(1448);
    for (const bytes of [100_000, 300_000]) {
      const [sender, receiver] = callsPerHost(`{ name: t, kind: tcp-bulk, from: h1, to: h2, bytes: ${bytes}B }`);
      // W = 100 000 B: 1 write, 70 packets; W = 300 000 B: ceil(300 000 / 131 072) = 3 writes, 208 packets.
      expect(sender?.calls).toBe(Math.ceil(bytes / APP_CALL_BYTES));
      // The receiver works on each data packet 6 µs, far less than the 116 µs between
      // packets at 100 Mb/s, so the core idles, the reader reads, and each packet is a read.
      expect(receiver?.calls).toBe(Math.ceil(bytes / mss));
    }
  });
});
