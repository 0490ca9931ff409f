import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { CPU_PROFILES, type CpuProfile, nsPerByte } from '../model/host/cpu-profile.ts';
import type { HostOffloads } from '../model/host/stack-cost.ts';
import type { PathIssue } from './resolve.ts';
import { customProfileSchema, type HostsConfig } from './schema-overlay.ts';

/** CPU settings shared by every host of a run. */
export interface ResolvedHostCpu {
  profile: CpuProfile;
  cores: number;
  /** Offloads of every host's devices. */
  offloads: HostOffloads;
  /** Per-core backlog limit, packets. */
  backlogPackets: number;
}

type ProfileOverrides = Partial<Omit<CpuProfile, 'cryptoNsPerByte'>> & { cryptoNsPerByte?: number; cryptoCyclesPerByte?: number; clockGHz?: number };

/** Merges a base profile with overrides, dropping undefined fields; cycles per byte convert at clockGHz. */
function withOverrides(base: CpuProfile, overrides: ProfileOverrides, path: PropertyKey[], issues: PathIssue[]): CpuProfile {
  const { cryptoCyclesPerByte, clockGHz, ...rest } = overrides;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<CpuProfile>;
  if (cryptoCyclesPerByte !== undefined) {
    if (rest.cryptoNsPerByte !== undefined) issues.push({ path, message: 'expected cryptoNsPerByte or cryptoCyclesPerByte, not both' });
    defined.cryptoNsPerByte = nsPerByte(cryptoCyclesPerByte, clockGHz);
  } else if (clockGHz !== undefined) issues.push({ path, message: 'clockGHz only converts cryptoCyclesPerByte; give that too, or drop clockGHz' });
  return { ...base, name: `${base.name} (custom)`, ...defined };
}

/**
 * Resolves the `hosts` section: a built-in profile, a JSON profile file (as `overlaysim
 * calibrate` writes, path relative to the scenario file), or inline costs over a base profile.
 */
export function resolveHostCpu(hosts: HostsConfig, scenarioDir: string, issues: PathIssue[]): ResolvedHostCpu {
  const offloads = { enabled: hosts.offloads, tunnel: hosts.tunnelOffload, gsoMaxBytes: hosts.gsoMaxBytes, napiBudgetPackets: hosts.napiBudget };
  const settings = { cores: hosts.cores, offloads, backlogPackets: hosts.backlog };
  const path = ['hosts', 'cpu'];
  const cpu = hosts.cpu;
  if (typeof cpu !== 'string') {
    const { base, measured: _measured, ...overrides } = cpu;
    return { profile: withOverrides(CPU_PROFILES[base] as CpuProfile, overrides, path, issues), ...settings };
  }
  const builtin = CPU_PROFILES[cpu];
  if (builtin) return { profile: builtin, ...settings };
  const file = resolvePath(scenarioDir, cpu);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    issues.push({ path, message: `cannot read CPU profile ${file}: ${why}` });
    return { profile: CPU_PROFILES.aesni as CpuProfile, ...settings };
  }
  const parsed = customProfileSchema.safeParse(data);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ path, message: `in CPU profile ${file}: ${i.path.join('.') || 'top level'}: ${i.message}` });
    return { profile: CPU_PROFILES.aesni as CpuProfile, ...settings };
  }
  // `measured` only records how calibrate made the file; it is no cost.
  const { base, measured: _measured, ...overrides } = parsed.data;
  return { profile: withOverrides(CPU_PROFILES[base] as CpuProfile, { name: cpu, ...overrides }, path, issues), ...settings };
}
