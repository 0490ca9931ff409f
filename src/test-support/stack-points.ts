import type { CpuProfile } from '../model/host/cpu-profile.ts';
import { predictedNs } from '../cli/stack-fit.ts';
import { casesWith, type StackPoint, type StackWork, TCP_UNIT_BYTES } from '../cli/stack-timing.ts';

/**
 * Work of one unit of each case, as a CPU-bound run over veth measures it (rounded): a UDP
 * datagram is a segment of its own; a TCP megabyte is 691 MSS-sized packets (1e6 / 1448), in 16
 * super-segments a side with offloads on (≈ 64 KiB each) or 691 with them off, with 10 or 20
 * pure ACKs, 16 writes (64 KiB each) and 40 or 90 reads. Packets carry 52 B of IP, TCP and
 * timestamps each. A datagram is one write and one read. Softirq runs are one a datagram and 20 or 40
 * a megabyte; each is one poll on each side, charged vxlanPollNs on the VXLAN path.
 */
function workOf(protocol: 'udp' | 'tcp', offloads: boolean, payloadBytes: number): StackWork {
  if (protocol === 'udp') return { sentSegments: 1, receivedSegments: 1, packets: 1, ipBytes: payloadBytes + 28, acks: 0, writes: 1, reads: 1, softirqRuns: 1 };
  const packets = 691;
  const segments = offloads ? 16 : packets;
  return { sentSegments: segments, receivedSegments: segments, packets, ipBytes: TCP_UNIT_BYTES + packets * 52, acks: offloads ? 10 : 20, writes: 16, reads: offloads ? 40 : 90, softirqRuns: offloads ? 20 : 40 };
}

/** The 12 cases calibrate times (offloads on, then off), each measured exactly as `profile` predicts. */
export function syntheticPoints(profile: CpuProfile): StackPoint[] {
  return [true, false].flatMap((on) =>
    casesWith(on).map((c) => {
      const point = { ...c, work: workOf(c.protocol, c.offloads, c.payloadBytes), measuredNs: 0 };
      return { ...point, measuredNs: predictedNs(profile, point) };
    }),
  );
}
