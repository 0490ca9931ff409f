/**
 * Slow start's growth on one ACK that acknowledged `ackedBytes` of new data, bytes. With
 * appropriate byte counting (RFC 3465 §2.2, limit L = 2 segments) it is min(acked, 2·MSS), so a
 * delayed ACK covering two segments opens two; without, one MSS per ACK (RFC 5681 §3.1).
 */
export function slowStartIncreaseBytes(ackedBytes: number, mssBytes: number, abc: boolean): number {
  return abc ? Math.min(ackedBytes, 2 * mssBytes) : mssBytes;
}
