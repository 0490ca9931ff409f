import * as z from 'zod';
import { CPU_PROFILES } from '../model/host/cpu-profile.ts';
import { didYouMean } from './errors.ts';
import { name } from './fields.ts';
import { publishedPortSchema, updateConfigSchema } from './schema-service-deploy.ts';

/** Linux's default `netdev_max_backlog`: 1000 packets per core. */
export const DEFAULT_BACKLOG_PACKETS = 1000;

/** Cost fields of a CPU profile; all optional over the `base` profile. */
export const cpuProfileFields = {
  segmentNs: z.number().min(0).optional().describe('Stack cost per segment (GSO super-segment, GRO batch, or a packet alone) per side, ns'),
  syscallNs: z.number().min(0).optional().describe('One system call per side: per application write on the sender, per read on the receiver (a UDP datagram is one of each), ns'),
  copyNsPerByte: z.number().min(0).optional().describe('Copy cost per byte of inner IP packet per side, ns'),
  checksumNsPerByte: z.number().min(0).optional().describe('Software checksum cost per byte per side (offloads off; ICMP always), ns'),
  vxlanNs: z.number().min(0).optional().describe('VXLAN encap or decap per side: per super-segment with tunnel offload, else per packet, ns'),
  vxlanPollNs: z.number().min(0).optional().describe('VXLAN path: extra cost per NAPI poll per side (a batch of packets a core takes back to back), ns'),
  wireguardNs: z.number().min(0).optional().describe('WireGuard device cost per packet per side, cipher excluded, ns'),
  cipher: z.string().optional().describe("ESP's cipher name shown in reports"),
  cryptoFixedNs: z.number().min(0).optional().describe('ESP: fixed cost of one encrypt or decrypt (per packet), ns'),
  cryptoNsPerByte: z.number().min(0).optional().describe('ESP: cipher cost per byte, ns'),
  cryptoCyclesPerByte: z.number().min(0).optional().describe('ESP: cipher cost per byte in cycles, converted at clockGHz (instead of cryptoNsPerByte)'),
  wireguardCryptoFixedNs: z.number().min(0).optional().describe("WireGuard's ChaCha20-Poly1305: fixed cost per packet, ns"),
  wireguardCryptoNsPerByte: z.number().min(0).optional().describe("WireGuard's ChaCha20-Poly1305: cost per byte, ns"),
  clockGHz: z.number().positive().max(10).optional().describe('Core clock for cryptoCyclesPerByte, GHz (default 3.6)'),
  ipvsNs: z.number().min(0).optional().describe('IPVS scheduling and NAT per packet on the client host of a VIP, each direction, ns'),
  dnsLookupNs: z.number().min(0).optional().describe('One embedded DNS lookup (127.0.0.11) on the client host, ns'),
};

const builtinProfile = z.enum(Object.keys(CPU_PROFILES) as [string, ...string[]]);

/** A built-in profile name or a `.json` profile file. */
const profileName = z.string().superRefine((text, ctx) => {
  if (text in CPU_PROFILES || text.endsWith('.json')) return;
  const names = Object.keys(CPU_PROFILES);
  ctx.addIssue({ code: 'custom', message: `unknown CPU profile "${text}"${didYouMean(text, names)}; expected ${names.join(', ')}, or a .json profile file` });
});

/** A profile given inline or in a file: a built-in base plus overrides. */
export const customProfileSchema = z.strictObject({
  base: builtinProfile.default('aesni').describe('Built-in profile the other fields override (default aesni)'),
  name: z.string().optional().describe('Profile name shown in reports'),
  measured: z.array(z.string()).optional().describe('What `overlaysim calibrate` measured to fit this profile, and what it could not (informational)'),
  ...cpuProfileFields,
});

export const hostsSchema = z.strictObject({
  cores: z.int().min(1).max(1024).default(8).describe('Cores per host (default 8)'),
  cpu: z
    .union([profileName, customProfileSchema], {
      error: `expected a built-in profile (${Object.keys(CPU_PROFILES).join(', ')}), a .json profile file, or a mapping of costs`,
    })
    .default('aesni')
    .describe('CPU cost profile: aesni, no-aesni, chacha20, none, a .json file from `overlaysim calibrate`, or inline costs'),
  offloads: z.boolean().default(true).describe('TSO/GSO, GRO and checksum offload on every host (default true, as on veth and modern NICs)'),
  tunnelOffload: z.boolean().default(true).describe('UDP-tunnel GSO/GRO, so VXLAN is paid once per super-segment (default true)'),
  gsoMaxBytes: z.int().min(1500).max(524_288).default(65_536).describe('Largest GSO super-segment or GRO batch, bytes (default 65536, gso_max_size)'),
  napiBudget: z.int().min(1).max(1024).default(64).describe('Packets one NAPI poll takes at most, bounding a GRO batch (default 64)'),
  offload: z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value !== undefined) ctx.addIssue({ code: 'custom', message: 'offload was removed: write offloads: true or false (TSO/GSO/GRO on or off); batches now form from the traffic' });
    })
    .describe('Removed; use offloads'),
  backlog: z.int().min(1).default(DEFAULT_BACKLOG_PACKETS).describe('Per-core packet backlog before drops (default 1000, netdev_max_backlog)'),
});
export type HostsConfig = z.output<typeof hostsSchema>;

export const networkSchema = z.strictObject({
  driver: z.enum(['overlay', 'host']).default('overlay').describe('overlay (VXLAN across hosts) or host (the bare underlay)'),
  encrypted: z.boolean().optional().describe('Encrypt with IPsec ESP, as `--opt encrypted` (default false)'),
  encapsulation: z.enum(['vxlan', 'wireguard']).default('vxlan').describe('vxlan (Docker) or wireguard (always encrypted)'),
  mtu: z.int().min(68).max(65535).default(1500).describe("Docker's mtu option: the underlay MTU the overlay assumes (default 1500)"),
  subnet: z.string().optional().describe('IPv4 subnet such as 10.0.1.0/24 (default: the next /24 of 10.0.0.0/8)'),
  outerDf: z.boolean().default(false).describe('Set DF on outer packets (Docker leaves it clear, so oversized outer packets are fragmented)'),
});
export type NetworkConfig = z.output<typeof networkSchema>;

export const serviceSchema = z.strictObject({
  replicas: z.int().min(0).max(100_000).default(1).describe('Number of tasks (containers), named <service>.1 ... <service>.N'),
  mode: z
    .enum(['replicated', 'global'])
    .default('replicated')
    .describe("replicated (`replicas` tasks, spread) or global (one task on every host placement allows; replicas is then not used), as deploy.mode (default replicated)"),
  networks: z.array(z.string()).min(1, 'expected at least one network').describe('Networks the tasks attach to'),
  placement: z
    .union([z.literal('spread'), z.array(z.string()).min(1, 'expected at least one host')], {
      error: 'expected spread or a list of host names',
    })
    .default('spread')
    .describe('spread (fewest tasks first, as swarm does) or a list of hosts the tasks are pinned to'),
  endpointMode: z.enum(['vip', 'dnsrr']).default('vip').describe('vip (one virtual IP per service) or dnsrr'),
  scheduler: z.enum(['rr', 'weighted', 'lc']).default('rr').describe("IPVS scheduler of the service's VIP on every client host: rr (Docker's), weighted or lc (default rr)"),
  weights: z.array(z.int().min(1).max(65535)).optional().describe('With scheduler: weighted, the weight of each task in task order (default 1 each)'),
  ports: z.array(publishedPortSchema).default([]).describe('Published ports: external clients reach the service on every node (ingress) or on the nodes of its tasks (host)'),
  update: updateConfigSchema.prefault({}).describe('Rolling update: parallelism and delay between batches, as deploy.update_config'),
});
export type ServiceConfig = z.output<typeof serviceSchema>;

/** Network and service maps, keyed by name. */
export const networksSchema = z.record(name, networkSchema).default({}).describe('Networks by name');
export const servicesSchema = z.record(name, serviceSchema).default({}).describe('Services by name');
