import { describe, expect, it } from 'vitest';
import { SegmentBatches } from './segment-batches.ts';

const TX = 0;
const RX = 1;

/** `opens` for each size in turn on one stage and flow: true where a new segment starts. */
function trace(batches: SegmentBatches, stage: number, flowId: number, sizes: number[]): boolean[] {
  return sizes.map((bytes) => batches.opens(stage, flowId, bytes));
}

describe('segments (GSO super-segments, GRO batches) on one core', () => {
  it('a lone packet is a segment of one; the next packet after the core idles opens a new one', () => {
    const b = new SegmentBatches({ maxBytes: 65_536, maxPackets: 64 });
    expect(b.opens(RX, 7, 84)).toBe(true);
    b.closeAll();
    expect(b.opens(RX, 7, 84)).toBe(true);
  });

  it('end at the byte limit: 1500 B packets, 43 fit in 65 536 B (43 × 1500 = 64 500), the 44th opens the next', () => {
    const b = new SegmentBatches({ maxBytes: 65_536, maxPackets: 64 });
    const opened = trace(b, TX, 1, Array.from({ length: 90 }, () => 1500));
    expect(opened.flatMap((o, i) => (o ? [i] : []))).toEqual([0, 43, 86]);
  });

  it('end at the packet limit (NAPI budget): 100 B packets, 64 per segment', () => {
    const b = new SegmentBatches({ maxBytes: 65_536, maxPackets: 64 });
    const opened = trace(b, RX, 1, Array.from({ length: 130 }, () => 100));
    expect(opened.flatMap((o, i) => (o ? [i] : []))).toEqual([0, 64, 128]);
  });

  it('with offloads off (one packet per segment) every packet opens a segment', () => {
    const b = new SegmentBatches({ maxBytes: Infinity, maxPackets: 1 });
    expect(trace(b, TX, 1, [1500, 1500, 1500])).toEqual([true, true, true]);
  });

  it('keep flows and stages apart: interleaved ACKs (send) and data (receive) do not split each other', () => {
    const b = new SegmentBatches({ maxBytes: 65_536, maxPackets: 64 });
    const seen: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(b.opens(RX, 1, 1500)); // data of flow 1 received
      seen.push(b.opens(TX, 2, 52)); // its ACKs, flow 2, sent
      seen.push(b.opens(RX, 3, 1500)); // another stream's data
    }
    expect(seen).toEqual([true, true, true, false, false, false, false, false, false, false, false, false]);
  });
});
