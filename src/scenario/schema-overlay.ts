import { z } from 'zod';
import { CPU_PROFILES } from '../model/host/cpu-profile.ts';
import { didYouMean } from './errors.ts';
import { name } from './fields.ts';

/** Linux's default `netdev_max_backlog`: 1000 packets per core. */
export const DEFAULT_BACKLOG_PACKETS = 1000;

/** Cost fields of a CPU profile; all optional over the `base` profile. */
export const cpuProfileFields = {
  stackNs: z.number().min(0).optional().describe('Network stack cost per packet per side, ns'),
  vxlanNs: z.number().min(0).optional().describe('Extra VXLAN encap or decap cost per packet per side, ns'),
  wireguardNs: z.number().min(0).optional().describe('Extra WireGuard device cost per packet per side, ns'),
  cipher: z.string().optional().describe('Cipher name shown in reports'),
  cryptoFixedNs: z.number().min(0).optional().describe('Fixed cost of one encrypt or decrypt, ns'),
  cryptoNsPerByte: z.number().min(0).optional().describe('Cipher cost per byte, ns'),
  cryptoCyclesPerByte: z.number().min(0).optional().describe('Cipher cost per byte in cycles, converted at clockGHz (instead of cryptoNsPerByte)'),
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
  offload: z.number().min(1).max(64).default(1).describe('Packets per stack traversal from segmentation offload, for unencrypted traffic (default 1)'),
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
});
export type ServiceConfig = z.output<typeof serviceSchema>;

/** Network and service maps, keyed by name. */
export const networksSchema = z.record(name, networkSchema).default({}).describe('Networks by name');
export const servicesSchema = z.record(name, serviceSchema).default({}).describe('Services by name');
