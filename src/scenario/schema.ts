import * as z from 'zod';
import { hostsSchema, networksSchema, servicesSchema } from './schema-overlay.ts';
import { abstractUnderlay, gossipSchema } from './schema-gossip.ts';
import { durationNs, eventRatePerS, name, positiveDurationNs, probability, rateBps, sizeBytes, sizeBytesOrZero } from './fields.ts';

/**
 * Largest host count of a packet-level underlay: routing tables take hosts × nodes entries,
 * which stays near 100 MB at this size.
 */
export const MAX_HOSTS = 5000;

/** Ethernet framing per frame on the wire: 14 B header + 4 B FCS + 8 B preamble/SFD + 12 B inter-frame gap. */
export const ETHERNET_FRAMING_BYTES = 38;
/** PPP framing as ns-3's point-to-point device counts it: a 2-byte protocol field. */
export const PPP_FRAMING_BYTES = 2;
/**
 * Ethernet's minimum frame is 64 B (header, payload padded to 46 B, FCS: IEEE 802.3 §3.2.7),
 * 84 B on the wire with preamble, SFD and inter-frame gap. PPP has no minimum.
 */
export const ETHERNET_MIN_WIRE_BYTES = 84;

/** Linux's default transmit queue length (txqueuelen) is 1000 packets. */
export const DEFAULT_QUEUE_PACKETS = 1000;

const framing = z
  .union([z.enum(['ethernet', 'ppp', 'none']), z.int().min(0).max(1000)], {
    error: 'expected ethernet, ppp, none, or a number of bytes (0-1000)',
  })
  .transform((f) =>
    f === 'ethernet'
      ? { bytes: ETHERNET_FRAMING_BYTES, minWireBytes: ETHERNET_MIN_WIRE_BYTES }
      : { bytes: f === 'ppp' ? PPP_FRAMING_BYTES : f === 'none' ? 0 : f, minWireBytes: 0 },
  );

const queueBoth = z
  .strictObject({
    packets: z.int().min(1).optional().describe('Most waiting packets'),
    bytes: sizeBytes.optional().describe('Most waiting bytes, e.g. 1MiB'),
  })
  .refine((q) => q.packets !== undefined || q.bytes !== undefined, 'expected packets, bytes or both')
  .transform((q) => ({ packets: q.packets ?? Infinity, bytes: q.bytes ?? Infinity }));

const queue = z
  .union(
    [
      z.int().min(1).transform((packets) => ({ packets, bytes: Infinity })),
      sizeBytes.transform((bytes) => ({ packets: Infinity, bytes })),
      queueBoth,
    ],
    { error: 'expected a number of packets (an integer ≥ 1), a size in bytes such as 1MiB, or both as { packets: 1000, bytes: 1MiB }' },
  )
  .describe('Drop-tail limit on waiting packets: a count, a size such as 1MiB, or both as { packets, bytes }, whichever is reached first (default 1000 packets)');

/** Loss on a link: one probability for both directions, or one per direction. */
const linkLoss = z
  .union([
    probability,
    z.strictObject({
      forward: probability.prefault(0).describe('Loss from the first node of `between` (a host link: from the host; a fabric link: from the leaf) (default 0)'),
      reverse: probability.prefault(0).describe('Loss in the other direction (default 0)'),
    }),
  ], { error: 'expected a probability between 0 and 1 (e.g. 0.001 or 0.1%), or { forward: p, reverse: q } with p and q such probabilities' })
  .transform((loss) => (typeof loss === 'number' ? { forward: loss, reverse: loss } : loss));

/** Parameters shared by every link; each direction gets its own transmitter with these values. */
export const linkParams = z.strictObject({
  bandwidth: rateBps.describe('Line rate, e.g. 10Gbps'),
  delay: durationNs.prefault('0ns').describe('Propagation delay, e.g. 5us (default 0ns)'),
  mtu: z.int().min(68).max(65535).default(1500).describe('Largest IP packet in bytes (default 1500)'),
  queue: queue.prefault(DEFAULT_QUEUE_PACKETS),
  jitter: durationNs.prefault('0ns').describe('Extra delay drawn uniformly per packet; never reorders (default 0ns)'),
  loss: linkLoss
    .prefault(0)
    .describe(
      'Probability a packet is lost on the wire, e.g. 0.001 or 0.1%, in both directions; or per direction, { forward: 0.01, reverse: 0 }, forward being from the first node of `between` (a host link: from the host; a fabric link: from the leaf) (default 0)',
    ),
  framing: framing
    .prefault('ethernet')
    .describe('Layer-2 bytes added per packet: ethernet (38, and short frames padded to 84 B on the wire), ppp (2), none, or a number (default ethernet)'),
});
export type LinkParamsInput = z.input<typeof linkParams>;
export type LinkParams = z.output<typeof linkParams>;

const hostCount = z
  .int()
  .min(2, 'expected at least 2 hosts')
  .max(MAX_HOSTS, `expected at most ${MAX_HOSTS} hosts in a packet-level underlay`);

const ipVersion = z
  .union([z.literal(4), z.literal(6)], { error: 'expected 4 or 6' })
  .default(4)
  .describe('IP version of the underlay: outer headers are 20 B (4) or 40 B (6) (default 4)');

const starTopology = z.strictObject({
  topology: z.literal('star'),
  ipVersion,
  hosts: hostCount.describe('Number of hosts, named h1..hN, all on one switch `sw`'),
  hostLink: linkParams.describe('Link from each host to the switch'),
});

const leafSpineTopology = z.strictObject({
  topology: z.literal('leaf-spine'),
  ipVersion,
  hosts: hostCount.describe('Number of hosts, named h1..hN, spread evenly over the racks'),
  racks: z.int().min(1).max(1000).describe('Number of racks, each with one leaf switch leaf1..leafR'),
  spines: z.int().min(1).max(64).default(2).describe('Number of spine switches spine1..spineS (default 2)'),
  hostLink: linkParams.describe('Link from each host to its leaf'),
  fabricLink: linkParams.describe('Link from each leaf to each spine'),
});

const explicitLink = linkParams.extend({
  between: z.tuple([z.string(), z.string()]).describe('The two nodes (hosts or switches) the link joins'),
});

const explicitTopology = z.strictObject({
  topology: z.literal('explicit'),
  ipVersion,
  hosts: z.array(name).min(2, 'expected at least 2 hosts').max(MAX_HOSTS).describe('Host names'),
  switches: z.array(name).default([]).describe('Switch names'),
  links: z.array(explicitLink).min(1, 'expected at least one link').describe('Full-duplex links'),
});

export const underlaySchema = z.discriminatedUnion('topology', [explicitTopology, starTopology, leafSpineTopology]);
export type UnderlayConfig = z.output<typeof underlaySchema>;

/** A measurement window: the figures it covers count only what happens inside it. */
const measureWindow = z
  .strictObject({
    from: durationNs.prefault('0s').describe('Start of the window (default 0s)'),
    to: durationNs.optional().describe('End of the window (default: the end of the run)'),
  })
  .describe(
    'Measurement window, e.g. { from: 1s, to: 10s }: goodput, throughput, delay, RTT and link figures count only what arrives (or is sent) inside it, as ns-3 users do with FlowMonitor start times (default: the whole run)',
  );

const flowTiming = {
  name: name.describe('Workload name, used in reports'),
  from: z.string().describe('Sender: a host, a service (each of its tasks sends) or a task such as web.2'),
  to: z.string().describe('Receiver: a host, a service (reached as `mode` says) or a task'),
  network: z.string().optional().describe('Network between two services (default: the one they share)'),
  start: durationNs.prefault('0s').describe('When sending starts (default 0s)'),
  stop: durationNs.optional().describe('When sending stops (default: the scenario duration)'),
  mode: z
    .enum(['vip', 'dnsrr', 'task'])
    .optional()
    .describe("How `to` names a service is reached: vip (its VIP, IPVS on the client's host), dnsrr (DNS answers task addresses), task (sending task i to task i mod N, no DNS or IPVS) (default: the service's endpointMode)"),
  port: z
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe("A published port of the `to` service: `from` is then an external client (a host outside the swarm) reaching the service through the nodes' published port"),
  nodes: z
    .array(z.string())
    .min(1, 'expected at least one node')
    .optional()
    .describe('With port: the nodes the external client sends to, one new connection (UDP: flow) to each in turn (default: every node that answers on the port)'),
  dnsCacheTtl: durationNs.prefault('0s').describe('How long a client keeps a DNS answer; 0s resolves for every new connection (default 0s)'),
  measure: measureWindow.optional(),
};

const udpWorkload = {
  ...flowTiming,
  rate: rateBps.optional().describe('Payload bit rate, e.g. 500Mbps (give rate or packetRate)'),
  packetRate: eventRatePerS.optional().describe('Packets per second, e.g. 2000/s (give rate or packetRate)'),
  payload: sizeBytesOrZero.optional().describe('UDP payload per packet, e.g. 1472B (give payload or packetSize)'),
  packetSize: sizeBytes.optional().describe('IP packet size, headers included, e.g. 1000B (give payload or packetSize)'),
};

const udpCbr = z.strictObject({ kind: z.literal('udp-cbr'), ...udpWorkload });
const udpPoisson = z.strictObject({ kind: z.literal('udp-poisson'), ...udpWorkload });
const ping = z.strictObject({
  kind: z.literal('ping'),
  ...flowTiming,
  interval: positiveDurationNs.prefault('1s').describe('Time between echo requests (default 1s)'),
  payload: sizeBytesOrZero.prefault('56B').describe('ICMP echo payload (default 56B, as ping)'),
});

/** Settings every TCP workload shares; the defaults are Linux's. */
const tcpOptions = {
  congestion: z
    .enum(['cubic', 'newreno'])
    .default('cubic')
    .describe('Congestion control: cubic (RFC 9438, the Linux default) or newreno (RFC 6582) (default cubic)'),
  sack: z
    .boolean()
    .default(true)
    .describe('Selective acknowledgements (RFC 2018) with RFC 6675 loss recovery; false: NewReno recovery without SACK (default true, as Linux and ns-3)'),
  abc: z
    .boolean()
    .default(true)
    .describe('Slow start by appropriate byte counting (RFC 3465, L = 2): cwnd grows by the bytes an ACK covers, up to 2 MSS; false: 1 MSS per ACK, as ns-3 (default true, as Linux)'),
  ssthreshFrom: z
    .enum(['flight', 'pipe'])
    .default('flight')
    .describe(
      'With SACK, what fast recovery halves for ssthresh: flight (the data outstanding, RFC 5681; Linux halves cwnd, the same when the window limits) or pipe (RFC 6675 pipe, as ns-3) (default flight)',
    ),
  timestamps: z.boolean().default(true).describe('TCP timestamp option: 12 B per segment, an RTT sample per ACK (default true, as Linux)'),
  initialWindow: z.int().min(1).max(1000).default(10).describe('Initial congestion window, segments (default 10, RFC 6928)'),
  sendBuffer: sizeBytes.prefault('4MiB').describe('Send buffer: most bytes in flight (sent, unacknowledged) per connection (default 4MiB, top of tcp_wmem)'),
  receiveBuffer: sizeBytes.prefault('6MiB').describe('Receive window advertised per connection (default 6MiB, top of tcp_rmem)'),
  delayedAck: durationNs.prefault('40ms').describe('Delayed ACK timeout; in-order data is otherwise acknowledged every second segment (default 40ms)'),
  minRto: positiveDurationNs.prefault('200ms').describe('Lower bound of the retransmission timeout (default 200ms, Linux; RFC 6298 says 1s)'),
  vectors: z.boolean().default(false).describe('Write a cwnd and RTT time series per connection to vectors/<connection>.csv (default false)'),
};

const tcpBulk = z.strictObject({
  kind: z.literal('tcp-bulk'),
  ...flowTiming,
  streams: z.int().min(1).max(1000).default(1).describe('Parallel connections per sender–receiver pair, as iperf3 -P (default 1)'),
  bytes: sizeBytes.optional().describe('Bytes each connection transfers, as iperf3 -n (default: send until stop, as iperf3 -t)'),
  ...tcpOptions,
});

const tcpRpc = z.strictObject({
  kind: z.literal('tcp-rpc'),
  ...flowTiming,
  request: sizeBytes.prefault('512B').describe('Request size, application bytes (default 512B)'),
  response: sizeBytes.prefault('4KiB').describe('Response size, application bytes (default 4KiB)'),
  rate: eventRatePerS
    .optional()
    .describe('Open loop: requests per second per sender–receiver pair, e.g. 2000/s, spread over `connections` (give rate or concurrency)'),
  arrivals: z.enum(['poisson', 'constant']).optional().describe('Open loop only: spacing of requests (default poisson)'),
  connections: z.int().min(1).max(1000).optional().describe('Open loop only: persistent connections per pair; requests queue on a busy one (default 1)'),
  connect: z
    .enum(['persistent', 'per-request'])
    .default('persistent')
    .describe(
      'Open loop to a service only: persistent (default) sends every request over the pair\'s own connections; per-request routes each request as a new connection (DNS, then the client host\'s IPVS view of the tasks), so requests sent to a task that has died fail until the client host learns of it',
    ),
  concurrency: z
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('Closed loop: connections per pair, each with one request outstanding (default 1 when rate is not given)'),
  think: durationNs.optional().describe('Closed loop only: pause between a response and the next request (default 0s)'),
  ...tcpOptions,
});

export const workloadSchema = z.discriminatedUnion('kind', [udpCbr, udpPoisson, ping, tcpBulk, tcpRpc]);
export type WorkloadConfig = z.output<typeof workloadSchema>;

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional().describe('Path to the JSON Schema, for editors'),
  name: name.describe('Scenario name; results go to results/<name>/'),
  description: z.string().optional().describe('Free text shown in the report'),
  seed: z.int().min(0).max(2 ** 32 - 1).default(1).describe('Random seed (default 1)'),
  duration: positiveDurationNs.describe('Simulated time, e.g. 10s'),
  intervals: positiveDurationNs.optional().describe('Write intervals.csv: link, flow and core figures per interval of this length, e.g. 100ms (default: none)'),
  measure: measureWindow.optional(),
  underlay: z
    .discriminatedUnion('topology', [...underlaySchema.options, abstractUnderlay])
    .describe('Hosts, switches and links; or `abstract`: hosts only, for gossip over the abstract transport'),
  hosts: hostsSchema.prefault({}).describe('CPU of every host'),
  stack: z
    .string()
    .optional()
    .describe("A Docker stack (compose) file, relative to this file: its services and networks join the scenario's (see docs/scenario-reference.md)"),
  networks: networksSchema,
  services: servicesSchema,
  workloads: z.array(workloadSchema).default([]).describe('Traffic sources'),
  gossip: gossipSchema.optional(),
  variants: z
    .record(name, z.record(z.string(), z.unknown()))
    .optional()
    .describe('Named variants, each a map of field path to value (e.g. networks.appnet.encrypted: false), run with the same seed and compared'),
  sweep: z
    .object({
      limit: z
        .object({
          metric: z.string().describe('index.csv column to bound: worstFlowDelayP99Ns, <workload>.delayP99Ns, delayMeanNs, lossRatio, busiestCoreUtilisation or cpuCoresUsed'),
          value: z.union([z.number(), z.string()]).describe('Largest acceptable value: a duration (2ms) for ...Ns, a share or percentage for ratios, cores for cpuCoresUsed'),
        })
        .strict()
        .optional()
        .describe('Optional threshold: the sweep report draws it on the metric\'s chart and marks the first point past it (the knee)'),
    })
    .catchall(z.array(z.unknown()).min(1))
    .optional()
    .describe('Parameter sweep for `overlaysim sweep`: field path to a list of values; every combination is run'),
});
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioConfig = z.output<typeof scenarioSchema>;
