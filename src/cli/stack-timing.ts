import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Which path a measurement crossed: plain veth, or VXLAN over that veth. */
export type TimedStack = 'none' | 'vxlan';

/** Kernel CPU per UDP datagram over one stack, for one payload size. */
export interface StackPoint {
  stack: TimedStack;
  /** UDP payload, bytes; the inner IP packet is 28 B more. */
  payloadBytes: number;
  /** Sender's plus receiver's system CPU time per datagram, ns. */
  nsPerDatagram: number;
}

/** Bounds of one timed run: datagrams sent at most, and wall time at most. */
export interface BlastBounds {
  datagrams: number;
  maxMs: number;
}

/** Payload sizes timed: a small datagram (per-segment cost) and one near the MTU (per-byte cost). */
export const TIMED_PAYLOADS_BYTES = [64, 1400] as const;
/** Default bounds: 20 000 datagrams or 3 s per run, whichever ends first. */
export const DEFAULT_BOUNDS: BlastBounds = { datagrams: 20_000, maxMs: 3000 };

/**
 * The blaster's process arguments: the compiled udp-blaster.js beside this file, or, when this
 * file is the TypeScript source (tests run src/ through vitest or tsx), udp-blaster.ts loaded
 * through tsx.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const BLASTER_ARGS = FROM_SOURCE
  ? ['--import', 'tsx', fileURLToPath(new URL('./udp-blaster.ts', import.meta.url))]
  : [fileURLToPath(new URL('./udp-blaster.js', import.meta.url))];
/** Addresses live only inside the two namespaces this module creates. */
const UNDERLAY = { a: '192.168.250.1', b: '192.168.250.2', prefix: 24 };
const OVERLAY = { a: '192.168.251.1', b: '192.168.251.2', prefix: 24 };
const PORT = 5201;

function ip(args: string[]): { ok: boolean; error: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, error: r.error ? r.error.message : r.stderr.trim() };
}

/** Why the stack cannot be timed here, or undefined when it can (root, `ip`, network namespaces). */
export function whyStackCannotBeTimed(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  const version = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return 'the `ip` command (iproute2) is not installed';
  const probe = `osim-probe-${process.pid}`;
  const added = ip(['netns', 'add', probe]);
  if (!added.ok) return `\`ip netns add\` failed: ${added.error}`;
  ip(['netns', 'del', probe]);
  return undefined;
}

/** Two namespaces joined by a veth pair, with a VXLAN device over it on each side. */
class Testbed {
  readonly a = `osim-${process.pid}-a`;
  readonly b = `osim-${process.pid}-b`;

  setUp(): void {
    const veth = { a: `osv${process.pid % 100000}a`, b: `osv${process.pid % 100000}b` };
    const steps: string[][] = [
      ['netns', 'add', this.a],
      ['netns', 'add', this.b],
      ['link', 'add', veth.a, 'type', 'veth', 'peer', 'name', veth.b],
      ['link', 'set', veth.a, 'netns', this.a],
      ['link', 'set', veth.b, 'netns', this.b],
    ];
    for (const [ns, dev, self, peer] of [
      [this.a, veth.a, 'a', 'b'],
      [this.b, veth.b, 'b', 'a'],
    ] as const) {
      steps.push(
        ['-n', ns, 'link', 'set', 'lo', 'up'],
        ['-n', ns, 'addr', 'add', `${UNDERLAY[self]}/${UNDERLAY.prefix}`, 'dev', dev],
        ['-n', ns, 'link', 'set', dev, 'up'],
        // Docker's overlay: VNI ≥ 4096, port 4789, MTU 1450 (shared/reference §1.2, §1.3).
        ['-n', ns, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '4097', 'local', UNDERLAY[self], 'remote', UNDERLAY[peer], 'dstport', '4789', 'dev', dev],
        ['-n', ns, 'link', 'set', 'vx0', 'mtu', '1450'],
        ['-n', ns, 'addr', 'add', `${OVERLAY[self]}/${OVERLAY.prefix}`, 'dev', 'vx0'],
        ['-n', ns, 'link', 'set', 'vx0', 'up'],
      );
    }
    for (const step of steps) {
      const r = ip(step);
      if (!r.ok) throw new Error(`ip ${step.join(' ')}: ${r.error}`);
    }
  }

  /** Deleting the namespaces deletes the veth and VXLAN devices in them. */
  tearDown(): void {
    ip(['netns', 'del', this.a]);
    ip(['netns', 'del', this.b]);
  }
}

interface BlasterResult {
  count: number;
  systemUs: number;
}

function runBlaster(ns: string, args: string[], onReady?: () => void): Promise<BlasterResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, ...BLASTER_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (onReady && out.includes('ready\n')) {
        const ready = onReady;
        onReady = undefined;
        ready();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || line === undefined) return reject(new Error(`blaster in ${ns} exited ${code}: ${err.trim()}`));
      resolve(JSON.parse(line) as BlasterResult);
    });
  });
}

/** One bounded run: a receiver in B, then a sender in A; kernel CPU per datagram of both. */
async function blast(bed: Testbed, stack: TimedStack, payloadBytes: number, bounds: BlastBounds): Promise<StackPoint> {
  const to = stack === 'none' ? UNDERLAY.b : OVERLAY.b;
  let startSender: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (startSender = resolve));
  const receiver = runBlaster(bed.b, ['recv', to, String(PORT), '300', String(bounds.maxMs + 2000)], startSender);
  await ready;
  const sender = await runBlaster(bed.a, ['send', to, String(PORT), String(payloadBytes), String(bounds.datagrams), String(bounds.maxMs)]);
  const received = await receiver;
  if (sender.count === 0 || received.count === 0) throw new Error(`no datagrams got through over ${stack === 'none' ? 'veth' : 'VXLAN'}`);
  const nsPerDatagram = (sender.systemUs * 1000) / sender.count + (received.systemUs * 1000) / received.count;
  return { stack, payloadBytes, nsPerDatagram };
}

/**
 * Times UDP datagrams through plain veth and through VXLAN over that veth, in two network
 * namespaces this function creates and always deletes. Each (stack, size) runs `repeats`
 * times, interleaved; each run is bounded by `bounds`. Kernel CPU is the system time of the
 * sending and the receiving process (veth delivers in the sender's context, so the receive
 * softirq is mostly charged to it).
 */
export async function timeStacks(repeats: number, bounds: BlastBounds = DEFAULT_BOUNDS): Promise<StackPoint[][]> {
  const bed = new Testbed();
  try {
    bed.setUp();
    const cases = (['none', 'vxlan'] as const).flatMap((stack) => TIMED_PAYLOADS_BYTES.map((payloadBytes) => ({ stack, payloadBytes })));
    const rounds: StackPoint[][] = [];
    for (let r = 0; r < repeats; r++) {
      const round: StackPoint[] = [];
      for (const c of cases) round.push(await blast(bed, c.stack, c.payloadBytes, bounds));
      rounds.push(round);
    }
    return rounds;
  } finally {
    bed.tearDown();
  }
}
