import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { whyStackCannotBeTimed } from './stack-timing.ts';
import { Testbed } from './testbed.ts';

/** Why this machine cannot build the testbed (no root, no `ip`, no namespaces), if so. */
const why = whyStackCannotBeTimed();

/** The machine's own `net.ipv4.tcp_rmem`, as one line of three numbers. */
function hostRmem(): string {
  return readFileSync('/proc/sys/net/ipv4/tcp_rmem', 'utf8').trim().split(/\s+/).join(' ');
}

/**
 * calibrate caps TCP's receive buffer inside its namespaces so a receiver that falls behind
 * cannot queue megabytes (copied from memory rather than cache, at 2 to 3 times the kernel CPU
 * per byte). The expected value is written out by hand: Linux's minimum 4096 B and default
 * 131072 B kept, the maximum 256 KiB = 262144 B. The machine's own setting must not move.
 */
describe('testbed TCP receive buffer', () => {
  it.skipIf(why !== undefined)(`is capped at 256 KiB in the sender's and receiver's namespaces of both paths, and the machine's own setting is untouched${why ? ` (skipped: ${why})` : ''}`, () => {
    const before = hostRmem();
    const bed = new Testbed();
    try {
      bed.setUp();
      for (const stack of ['none', 'vxlan'] as const) for (const side of [0, 1] as const) expect(bed.tcpRmem(stack, side), `${stack} side ${side}`).toBe('4096 131072 262144');
    } finally {
      bed.tearDown();
    }
    expect(hostRmem()).toBe(before);
  });
});
