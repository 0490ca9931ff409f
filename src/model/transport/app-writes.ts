import { Ring } from '../../core/ring.ts';

/**
 * Bytes an application hands TCP in one write system call, and asks for in one read: iperf3's
 * default block for TCP, 128 KiB (its `-l` option), which it uses for both. A larger message
 * (an RPC response above it) is written in calls of this size, as a loop around `send` does.
 */
export const APP_CALL_BYTES = 131_072;

/**
 * Where an application's write system calls begin in a TCP byte stream, so that each data segment
 * can say how many writes began in its new bytes. Each `write(bytes)` of the application (a bulk
 * stream's one endless write, an RPC request or response) is cut into calls of at most
 * `callBytes`; a call is counted once, with the first segment that carries any of its bytes,
 * and never again when that segment is retransmitted (the kernel resends without a call). The
 * application's writes are a queue of their end offsets: no allocation per segment.
 */
export class AppWrites {
  /** End offsets of the application's writes not yet fully counted, oldest first. */
  private readonly ends = new Ring<number>();
  /** Offset where the next uncounted call begins. */
  private nextStart = 0;

  constructor(private readonly callBytes: number = APP_CALL_BYTES) {}

  /** The application writes `bytes` from offset `start` (the end of what it wrote before). */
  add(start: number, bytes: number): void {
    if (this.ends.length === 0) this.nextStart = start;
    this.ends.push(start + bytes);
  }

  /** Calls that begin below `end` and were not counted yet; counts them. */
  countBelow(end: number): number {
    let calls = 0;
    while (this.ends.length > 0 && this.nextStart < end) {
      calls++;
      const writeEnd = this.ends.peek() as number;
      this.nextStart = Math.min(this.nextStart + this.callBytes, writeEnd);
      if (this.nextStart >= writeEnd) this.ends.shift();
    }
    return calls;
  }
}
