import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { IPV4_HEADER_BYTES, UDP_HEADER_BYTES } from '../model/overlay/encapsulation.ts';
import { TCP_HEADER_BYTES, TCP_TIMESTAMP_OPTION_BYTES } from '../model/transport/tcp-header.ts';
import { run, Testbed, type TimedStack, whyOffloadsCannotBeToggled } from './testbed.ts';


/** One timed case: a protocol over a stack, with offloads on or off, at one payload size. */
interface StackCase {
  protocol: 'udp' | 'tcp';
  stack: TimedStack;
  /** TSO, GSO, GRO and checksum offload on (the kernel's default) or off. */
  offloads: boolean;
  /** UDP payload per datagram, or TCP bytes per write, bytes. */
  payloadBytes: number;
}

/**
 * What one unit of a case (a UDP datagram, or {@link TCP_UNIT_BYTES} of TCP data) made the
 * stacks do, in the cost model's terms (src/model/host/stack-cost.ts).
 */
export interface StackWork {
  /** Segments the sender's stack passed down (skbs on its device: GSO super-segments, or packets). */
  sentSegments: number;
  /** Segments the receiver's stack took up (skbs on its device: GRO batches, or packets). */
  receivedSegments: number;
  /** Data packets on the wire (each MSS-sized or smaller for TCP). */
  packets: number;
  /** Inner IP bytes of those packets. */
  ipBytes: number;
  /** Pure ACKs the receiver sent, each a segment of its own on both sides (0 for UDP). */
  acks: number;
  /** System calls the sending process made to hand the data over (UDP: one sendmsg a datagram; TCP: write and writev calls). */
  writes: number;
  /** System calls the receiving process made to take the data (UDP: one recvmsg a datagram; TCP: read calls). */
  reads: number;
  /**
   * NET_RX softirq runs on the whole machine during the run (/proc/softirqs), per unit: NAPI
   * polls, each taking what every device of the path has waiting (one per UDP datagram, since
   * each `sendmsg` hands over one packet and the softirq runs as it returns; tens per TCP
   * megabyte). The whole machine's count: other traffic on it adds a little.
   */
  softirqRuns: number;
}

/** A measured case: the work of one unit and the kernel CPU it took, sender and receiver together. */
export interface StackPoint extends StackCase {
  work: StackWork;
  /** System CPU time of the sending and the receiving process per unit, ns. */
  measuredNs: number;
}

/** Bounds of one timed run: UDP datagrams, TCP bytes, and wall time, whichever ends first. */
export interface BlastBounds {
  datagrams: number;
  tcpBytes: number;
  maxMs: number;
}

/** Payload sizes of UDP: a small datagram (per-segment cost) and one near the MTU (per-byte cost). */
export const TIMED_PAYLOADS_BYTES = [64, 1400] as const;
/** TCP writes 64 KiB at a time, as iperf3 does, so a CPU-bound sender builds full super-segments. */
const TCP_WRITE_BYTES = 65_536;
/** TCP figures are per this much data, bytes (1 MB). */
export const TCP_UNIT_BYTES = 1_000_000;
/** Bytes of a pure ACK's IP packet: IPv4, TCP and the timestamp option (Linux's default), bytes. */
export const ACK_IP_BYTES = IPV4_HEADER_BYTES + TCP_HEADER_BYTES + TCP_TIMESTAMP_OPTION_BYTES;
/**
 * Default bounds: 1 000 000 datagrams, 4 GiB, or 1 s per run, whichever ends first; on a
 * machine of today a run ends at 1 s. A process's system time is its CPU time split by where
 * the scheduler tick found it (user or kernel; Linux's tick-based accounting, 4 ms at HZ 250),
 * so the split of a run of N ticks is off by about 1/√N: ±3 % needs the ≈ 250 ticks of a second.
 */
export const DEFAULT_BOUNDS: BlastBounds = { datagrams: 1_000_000, tcpBytes: 2 ** 32, maxMs: 1000 };

/** MTU of the plain path (underlay veth) and of the container path (Docker's 1450), bytes. */
const PATH_MTU_BYTES: Record<TimedStack, number> = { none: 1500, vxlan: 1450 };
const PORT = 5201;

/**
 * The blaster's process arguments: its compiled .js beside this file. When this file is the
 * TypeScript source (tests run src/), the compiled one in dist/cli/ if it is not older than its
 * source (tests build dist/ first; it starts in a tenth of the time), else the source through tsx.
 */
function blasterArgs(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [fileURLToPath(new URL('./blaster.js', import.meta.url))];
  const source = fileURLToPath(new URL('./blaster.ts', import.meta.url));
  const compiled = fileURLToPath(new URL('../../dist/cli/blaster.js', import.meta.url));
  const fresh = existsSync(compiled) && statSync(compiled).mtimeMs >= statSync(source).mtimeMs;
  return fresh ? [compiled] : ['--import', 'tsx', source];
}

/** NET_RX softirq runs so far, summed over the CPUs (/proc/softirqs); 0 where it cannot be read. */
function netRxRuns(): number {
  try {
    const line = readFileSync('/proc/softirqs', 'utf8')
      .split('\n')
      .find((l) => l.trim().startsWith('NET_RX:'));
    return line === undefined ? 0 : line.trim().split(/\s+/).slice(1).reduce((sum, n) => sum + Number(n), 0);
  } catch {
    return 0;
  }
}

/** The CPUs of an affinity list as taskset prints it (`0-3,6` is 0, 1, 2, 3 and 6), in order. */
export function affinityCpus(list: string): number[] {
  return list.split(',').flatMap((part) => {
    if (part.trim() === '') return [];
    const [from, to = from] = part.trim().split('-').map(Number);
    if (from === undefined || to === undefined || !Number.isInteger(from) || !Number.isInteger(to)) return [];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/**
 * The two CPUs this process may run on that the sender and the receiver are pinned to (`taskset`
 * from util-linux, affinity list such as `0-3,6`), or why they are not pinned (fewer than two
 * CPUs, or no taskset). The simulator's hosts each have a core of their own; left to the
 * scheduler, the two processes share a core in some runs (it wakes a receiver on its waker's
 * core) and not in others, and a run on one core took 1.5 to 3 times the kernel CPU per TCP
 * byte of a run on two, so the repeats of a case spread that far.
 */
function pinnedCpus(): { cpus: readonly [number, number] } | { why: string } {
  const shown = run('taskset', ['-cp', String(process.pid)]);
  if (!shown.ok) return { why: 'taskset (util-linux) is not installed' };
  const list = shown.stdout.split(':').at(-1)?.trim() ?? '';
  const [first, second] = affinityCpus(list);
  return first === undefined || second === undefined ? { why: `this process may run on one CPU only (${list})` } : { cpus: [first, second] };
}

/** Why the stack cannot be timed here, or undefined when it can (root, `ip`, network namespaces). */
export function whyStackCannotBeTimed(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  if (!run('ip', ['-V']).ok) return 'the `ip` command (iproute2) is not installed';
  const probe = `osim-probe-${process.pid}`;
  const added = run('ip', ['netns', 'add', probe]);
  if (!added.ok) return `\`ip netns add\` failed: ${added.error}`;
  run('ip', ['netns', 'del', probe]);
  return undefined;
}

/** What one blaster command handled (datagrams or bytes), the system CPU time its process spent on it, and its read and write calls. */
interface BlasterResult {
  count: number;
  systemUs: number;
  /** read, readv, write and writev calls (/proc/self/io): a TCP socket's; not a UDP socket's sendmsg or recvmsg. */
  ioSyscalls: number;
}

/** A blaster process in one namespace (src/cli/blaster.ts), taking one command at a time. */
class BlasterProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private ended: Error | undefined;
  private stderr = '';

  /** Runs in namespace `ns`, on CPU `cpu` alone (taskset) where given. */
  constructor(
    readonly ns: string,
    cpu: number | undefined,
  ) {
    const pin = cpu === undefined ? [] : ['taskset', '-c', String(cpu)];
    this.child = spawn('ip', ['netns', 'exec', ns, ...pin, process.execPath, ...blasterArgs()], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting.resolve(line);
      else this.lines.push(line);
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('close', (code) => {
      this.ended = new Error(`blaster in ${ns} exited ${code}: ${this.stderr.trim()}`);
      this.waiting?.reject(this.ended);
      this.waiting = undefined;
    });
  }

  /** Sends one command (see blaster.ts). */
  send(command: Record<string, string | number>): void {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /** The next line it prints. */
  private nextLine(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Waits until a receiver (UDP) or the sender (TCP) listens. */
  async ready(): Promise<void> {
    const line = await this.nextLine();
    if (line !== 'ready') throw new Error(`blaster in ${this.ns}: expected ready, got ${line}`);
  }

  /** The result of the running command. */
  async result(): Promise<BlasterResult> {
    return JSON.parse(await this.nextLine()) as BlasterResult;
  }

  /** Ends its input, so it exits; kills it if it has not within a second. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.child.stdin.end();
    const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    const timer = setTimeout(() => this.child.kill(), 1000);
    await exited;
    clearTimeout(timer);
  }
}

/** The four blasters: sender and receiver side of each stack. */
type Blasters = Record<TimedStack, readonly [BlasterProcess, BlasterProcess]>;

/**
 * Starts the listening side's command (`listener`: the UDP receiver, or the TCP sender, which
 * the receiver connects to), waits until it listens, then runs the other side's; both results.
 */
async function listenerFirst(
  pair: readonly [BlasterProcess, BlasterProcess],
  listener: 'sender' | 'receiver',
  send: Record<string, string | number>,
  recv: Record<string, string | number>,
) {
  const [sender, receiver] = pair;
  const [first, firstCommand, second, secondCommand] = listener === 'sender' ? [sender, send, receiver, recv] : [receiver, recv, sender, send];
  first.send(firstCommand);
  await first.ready();
  second.send(secondCommand);
  const secondResult = await second.result();
  const firstResult = await first.result();
  return listener === 'sender' ? { sender: firstResult, receiver: secondResult } : { sender: secondResult, receiver: firstResult };
}

/**
 * One bounded UDP run: kernel CPU per datagram of both sides; a datagram is a segment of its
 * own, one sendmsg by the sender and one recvmsg by the receiver (Node's dgram makes one call
 * per datagram each way: checked with `strace -c`; /proc/self/io does not count these calls).
 */
async function blastUdp(bed: Testbed, blasters: Blasters, c: StackCase, bounds: BlastBounds): Promise<StackPoint> {
  const { address } = bed.endpoint(c.stack, 1);
  const runsBefore = netRxRuns();
  const { sender, receiver } = await listenerFirst(
    blasters[c.stack],
    'receiver',
    { run: 'udp-send', address, port: PORT, payloadBytes: c.payloadBytes, count: bounds.datagrams, maxMs: bounds.maxMs },
    { run: 'udp-recv', address, port: PORT, idleMs: 100, maxMs: bounds.maxMs + 2000 },
  );
  if (sender.count === 0 || receiver.count === 0) throw new Error(`no datagrams got through over ${c.stack === 'none' ? 'veth' : 'VXLAN'}`);
  const measuredNs = (sender.systemUs * 1000) / sender.count + (receiver.systemUs * 1000) / receiver.count;
  const work = { sentSegments: 1, receivedSegments: 1, packets: 1, ipBytes: c.payloadBytes + UDP_HEADER_BYTES + IPV4_HEADER_BYTES, acks: 0, writes: 1, reads: 1, softirqRuns: (netRxRuns() - runsBefore) / sender.count };
  return { ...c, work, measuredNs };
}

/**
 * One bounded TCP run (one stream): kernel CPU of both sides per {@link TCP_UNIT_BYTES}, and
 * the segments each side's device counted (skbs: a super-segment or a GRO batch counts once).
 * Wire packets are the data over the MSS (the path MTU less 52 B of IP, TCP and timestamps).
 * System calls are each process's read and write calls (/proc/self/io), as many as the kernel
 * took: a write that fills the socket buffer returns early and Node writes the rest later.
 */
async function blastTcp(bed: Testbed, blasters: Blasters, c: StackCase, bounds: BlastBounds): Promise<StackPoint> {
  const { address } = bed.endpoint(c.stack, 0);
  const before = [bed.counters(c.stack, 0), bed.counters(c.stack, 1)] as const;
  const runsBefore = netRxRuns();
  const { sender, receiver } = await listenerFirst(
    blasters[c.stack],
    'sender',
    { run: 'tcp-send', address, port: PORT, writeBytes: c.payloadBytes, totalBytes: bounds.tcpBytes, maxMs: bounds.maxMs },
    { run: 'tcp-recv', address, port: PORT, maxMs: bounds.maxMs + 2000 },
  );
  const runsAfter = netRxRuns();
  const after = [bed.counters(c.stack, 0), bed.counters(c.stack, 1)] as const;
  const bytes = receiver.count;
  if (bytes === 0) throw new Error(`no TCP data got through over ${c.stack === 'none' ? 'veth' : 'VXLAN'}`);
  const perUnit = TCP_UNIT_BYTES / bytes;
  const sentSegments = after[0].txPackets - before[0].txPackets;
  const receivedSegments = after[1].rxPackets - before[1].rxPackets;
  const mssBytes = PATH_MTU_BYTES[c.stack] - ACK_IP_BYTES;
  const packets = Math.max(Math.ceil(bytes / mssBytes), sentSegments);
  const work: StackWork = {
    sentSegments: sentSegments * perUnit,
    receivedSegments: receivedSegments * perUnit,
    packets: packets * perUnit,
    ipBytes: (bytes + packets * ACK_IP_BYTES) * perUnit,
    acks: (after[1].txPackets - before[1].txPackets) * perUnit,
    writes: sender.ioSyscalls * perUnit,
    reads: receiver.ioSyscalls * perUnit,
    softirqRuns: (runsAfter - runsBefore) * perUnit,
  };
  return { ...c, work, measuredNs: (sender.systemUs + receiver.systemUs) * 1000 * perUnit };
}

/** The cases timed with offloads `on`: UDP at both sizes and TCP, each over plain veth and VXLAN. */
export function casesWith(offloads: boolean): StackCase[] {
  return (['none', 'vxlan'] as const).flatMap((stack) => [
    ...TIMED_PAYLOADS_BYTES.map((payloadBytes) => ({ protocol: 'udp' as const, stack, offloads, payloadBytes })),
    { protocol: 'tcp' as const, stack, offloads, payloadBytes: TCP_WRITE_BYTES },
  ]);
}

/** What was timed: rounds of points in the same case order, and what could not be toggled. */
export interface StackTiming {
  rounds: StackPoint[][];
  /** Why offloads were not toggled (only "on" was timed), or undefined. */
  offloadsNotToggled: string | undefined;
  /** Offload features that did not take the requested state, as `feature on device`. */
  refusedFeatures: string[];
  /** Offload features off by default, so off in "offloads on" too, as `feature on device` (empty without ethtool). */
  offByDefault: string[];
  /** The CPUs the sender and the receiver ran on, or why they were not pinned. */
  pinning: ReturnType<typeof pinnedCpus>;
}

/**
 * Times UDP and TCP through plain veth and through the container path over VXLAN, in network
 * namespaces this function creates and always deletes (see {@link Testbed}); with offloads as
 * the kernel sets them ("on") and, where ethtool is installed, all off. Each case runs `repeats` times, interleaved; each run is
 * bounded by `bounds`. Kernel CPU is the system time of the sending and the receiving process
 * (veth delivers in the sender's context, so the receive softirq is mostly charged to it).
 */
export async function timeStacks(repeats: number, bounds: BlastBounds = DEFAULT_BOUNDS): Promise<StackTiming> {
  const offloadsNotToggled = whyOffloadsCannotBeToggled();
  const pinning = pinnedCpus();
  const states = offloadsNotToggled === undefined ? [true, false] : [true];
  const bed = new Testbed();
  const refused = new Set<string>();
  let blasters: Blasters | undefined;
  try {
    bed.setUp();
    const cpus = 'cpus' in pinning ? pinning.cpus : [undefined, undefined];
    const pair = (stack: TimedStack) => [new BlasterProcess(bed.endpoint(stack, 0).ns, cpus[0]), new BlasterProcess(bed.endpoint(stack, 1).ns, cpus[1])] as const;
    blasters = { none: pair('none'), vxlan: pair('vxlan') };
    const offByDefault = offloadsNotToggled === undefined ? bed.recordDefaultOffloads() : [];
    const rounds: StackPoint[][] = [];
    for (let r = 0; r < repeats; r++) {
      const round: StackPoint[] = [];
      for (const on of states) {
        if (offloadsNotToggled === undefined) for (const f of bed.setOffloads(on)) refused.add(f);
        for (const c of casesWith(on)) round.push(await (c.protocol === 'udp' ? blastUdp : blastTcp)(bed, blasters, c, bounds));
      }
      rounds.push(round);
    }
    return { rounds, offloadsNotToggled, refusedFeatures: [...refused], offByDefault, pinning };
  } finally {
    if (blasters) await Promise.all([...blasters.none, ...blasters.vxlan].map((b) => b.close()));
    bed.tearDown();
  }
}
