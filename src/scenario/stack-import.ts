import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { type ScenarioIssue, ScenarioError } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import { topologyOf } from './resolve.ts';
import { externalClientHosts } from './resolve-ingress.ts';
import type { ScenarioConfig } from './schema.ts';
import { type NetworkConfig, networkSchema, type ServiceConfig, serviceSchema } from './schema-overlay.ts';
import { ScenarioSource } from './source.ts';
import { placementOf } from './stack-constraints.ts';
import { describeIgnored, ignoredPaths } from './stack-ignored.ts';
import { MTU_OPTION, type StackConfig, type StackNetwork, stackSchema, type StackService } from './stack-schema.ts';

/** Largest stack file read, bytes: the same limit as on scenario files. */
export const MAX_STACK_BYTES = 2 * 1024 * 1024;

/** Docker's network for a stack's services that name none (`<stack>_default`), named here without the stack prefix. */
export const DEFAULT_NETWORK = 'default';

const STACK_FILE = { contents: 'a stack file with services and networks', fields: 'stack file fields', mergeKeys: true };

/** A scenario with its stack file's services and networks joined in. */
export interface ImportedStack {
  /** The scenario's config with the stack's services and networks added after its own. */
  config: ScenarioConfig;
  /** One line each: fields of the stack file the simulator does not use, and constraints it does not model. */
  notes: string[];
  /** Locates a problem found later under `services.<s>` or `networks.<n>` in the stack file, when the stack defined it. */
  issueAt(path: readonly PropertyKey[], message: string): ScenarioIssue | undefined;
}

/**
 * Reads the stack file a scenario names in `stack` (relative to the scenario's folder) and
 * joins its services and networks to the scenario's. A name defined in both is an error at the
 * scenario's definition naming the stack's; a wrong type is an error at the stack file's own
 * line:col; a field the simulator does not use is listed in a note.
 */
export function importStack(scenario: ScenarioSource, config: ScenarioConfig): ImportedStack {
  const stackPath = config.stack as string;
  const file = isAbsolute(stackPath) ? stackPath : join(dirname(scenario.file), stackPath);
  const stackSource = ScenarioSource.parse(file, readStackFile(file, scenario), STACK_FILE);
  const raw = stackSource.toData();
  const stack = stackSource.validate(stackSchema);
  const issues: PathIssue[] = [];
  const notes: string[] = [];
  const ignored = ignoredPaths(raw, stack);
  // Constraints choose among swarm nodes: external clients (hosts sending to a published port) run no task.
  const allHosts = topologyOf(config.underlay).hosts;
  const clients = externalClientHosts(config.workloads, new Map(allHosts.map((h, i) => [h, i])));
  const hosts = allHosts.filter((_, i) => !clients.has(i));
  const stackServices = stack.services ?? {};
  const declared = declaredNetworks(stack, stackServices);

  const services: Record<string, ServiceConfig> = {};
  for (const [name, s] of Object.entries(stackServices)) {
    services[name] = serviceSchema.parse(serviceInput(name, s ?? {}, { hosts, declared, issues, notes, file }));
  }
  const networks: Record<string, NetworkConfig> = {};
  for (const [name, n] of declared) {
    const path = ['networks', name];
    if (n?.external === true) {
      const others = Object.keys(n).filter((k) => k !== 'external');
      ignored.push(...others.map((k) => [...path, k]));
      if (!(name in config.networks)) {
        issues.push({ path: [...path, 'external'], message: `network "${name}" is external, so it must exist already: define it in the scenario's networks` });
      }
      continue;
    }
    if (n?.attachable !== undefined) ignored.push([...path, 'attachable']);
    networks[name] = networkSchema.parse(networkInput(name, n ?? {}, notes, file));
  }
  if (issues.length > 0) throw new ScenarioError(issues.map((i) => stackSource.issue(i.path, i.message)));
  if (ignored.length > 0) notes.unshift(`${file}: not used by the simulator, so ignored: ${describeIgnored(ignored)}`);

  const clashes: ScenarioIssue[] = [];
  const clash = (kind: 'services' | 'networks', name: string, at: ScenarioIssue) => {
    const there = at.line > 0 ? `${at.file}:${at.line}:${at.col}` : at.file;
    clashes.push(scenario.issue([kind, name], `${kind === 'services' ? 'service' : 'network'} "${name}" is also defined in the stack file (${there}); define it in one place only`));
  };
  for (const name of Object.keys(services)) if (name in config.services) clash('services', name, stackSource.issue(['services', name], ''));
  for (const name of Object.keys(networks)) if (name in config.networks) clash('networks', name, stackSource.issue(stackPathOfNetwork(name, stack, stackServices), ''));
  if (clashes.length > 0) throw new ScenarioError(clashes);

  return {
    config: { ...config, services: { ...config.services, ...services }, networks: { ...config.networks, ...networks } },
    notes,
    issueAt: (path, message) => {
      const [kind, name] = path;
      if (kind === 'services' && typeof name === 'string' && name in services) return stackSource.issue(stackPathOfService(path, stackServices[name] ?? {}), message);
      if (kind === 'networks' && typeof name === 'string' && name in networks) return stackSource.issue(stackPathOfNetworkField(path, stack, stackServices), message);
      return undefined;
    },
  };
}

/** The stack file's text; a missing or unreadable file is a problem of the scenario's `stack` field. */
function readStackFile(file: string, scenario: ScenarioSource): string {
  const fail = (message: string) => new ScenarioError([scenario.issue(['stack'], message)]);
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw fail(`${file} is not a file; expected a stack (compose) file, relative to the scenario's folder`);
    if (stat.size > MAX_STACK_BYTES) throw fail(`${file} is larger than the limit of ${MAX_STACK_BYTES} bytes (2 MiB) on stack files`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? `cannot read the stack file ${file}: there is no such file (the path is relative to the scenario's folder)` : `cannot read the stack file ${file}: ${code ?? String(error)}`);
  }
}

/**
 * The stack's networks by name, and Docker's default network when a service names none and the
 * stack does not declare `default` itself.
 */
function declaredNetworks(stack: StackConfig, services: Record<string, StackService | null>): Map<string, StackNetwork | null> {
  const declared = new Map(Object.entries(stack.networks ?? {}));
  if (!declared.has(DEFAULT_NETWORK) && Object.values(services).some((s) => networkNames(s ?? {}).length === 0)) declared.set(DEFAULT_NETWORK, {});
  return declared;
}

function networkNames(s: StackService): string[] {
  if (s.networks === undefined) return [];
  return Array.isArray(s.networks) ? s.networks : Object.keys(s.networks);
}

interface ServiceContext {
  hosts: readonly string[];
  declared: Map<string, StackNetwork | null>;
  issues: PathIssue[];
  notes: string[];
  file: string;
}

/** The scenario service a stack service stands for, as a scenario file would write it. */
function serviceInput(name: string, s: StackService, ctx: ServiceContext): Record<string, unknown> {
  const path = ['services', name];
  const deploy = s.deploy ?? {};
  const input: Record<string, unknown> = {};
  if (deploy.mode === 'global') {
    input['mode'] = 'global';
    if (deploy.replicas !== undefined) {
      ctx.issues.push({ path: [...path, 'deploy', 'replicas'], message: 'replicas apply to mode: replicated only; a global service runs one task on every host its constraints allow (docker stack deploy refuses both too)' });
    }
  } else if (deploy.replicas !== undefined) input['replicas'] = deploy.replicas;

  const names = networkNames(s);
  names.forEach((network, i) => {
    if (ctx.declared.has(network)) return;
    const at = Array.isArray(s.networks) ? [...path, 'networks', i] : [...path, 'networks', network];
    ctx.issues.push({ path: at, message: `network "${network}" is not declared in the stack's top-level networks; docker stack deploy refuses it too (declare it there, with external: true to use a network the scenario defines)` });
  });
  input['networks'] = names.length > 0 ? names : [DEFAULT_NETWORK];

  if (deploy.endpoint_mode !== undefined) input['endpointMode'] = deploy.endpoint_mode;
  const placement = placementOf(name, deploy.placement?.constraints ?? [], ctx);
  if (placement !== undefined) input['placement'] = placement;

  if (s.ports !== undefined && s.ports.length > 0) input['ports'] = s.ports;
  if (deploy.update_config !== undefined) input['update'] = { ...deploy.update_config };
  return input;
}

/** The scenario network a stack network stands for. Docker encrypts when the `encrypted` option is present, whatever its value. */
function networkInput(name: string, n: StackNetwork, notes: string[], file: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const opts = n.driver_opts ?? {};
  if ('encrypted' in opts) {
    input['encrypted'] = true;
    const value = opts.encrypted;
    if (value === false || (typeof value === 'string' && /^(false|no|0)$/i.test(value))) {
      notes.push(`${file}: network "${name}" has driver_opts.encrypted: ${String(value)}; Docker encrypts whenever the option is present, whatever its value, and so does the simulator`);
    }
  }
  if (opts[MTU_OPTION] !== undefined) input['mtu'] = opts[MTU_OPTION];
  const subnet = n.ipam?.config?.[0]?.subnet;
  if (subnet !== undefined) input['subnet'] = subnet;
  return input;
}

/** Where, in the stack file, a scenario field of an imported service was written. */
const SERVICE_FIELDS: Record<string, PropertyKey[]> = {
  replicas: ['deploy', 'replicas'],
  mode: ['deploy', 'mode'],
  endpointMode: ['deploy', 'endpoint_mode'],
  placement: ['deploy', 'placement', 'constraints'],
  update: ['deploy', 'update_config'],
  ports: ['ports'],
};

function stackPathOfService(path: readonly PropertyKey[], s: StackService): PropertyKey[] {
  const [, name, field, index] = path;
  const base = ['services', name as string];
  if (field === 'networks') {
    if (s.networks === undefined) return base;
    const key = Array.isArray(s.networks) ? index : typeof index === 'number' ? Object.keys(s.networks)[index] : undefined;
    return key === undefined ? [...base, 'networks'] : [...base, 'networks', key];
  }
  const mapped = typeof field === 'string' ? SERVICE_FIELDS[field] : undefined;
  if (mapped === undefined) return base;
  return field === 'ports' ? [...base, ...mapped, ...path.slice(3)] : [...base, ...mapped];
}

/** Where a network was declared; Docker's default network, at the first service that names no network. */
function stackPathOfNetwork(name: string, stack: StackConfig, services: Record<string, StackService | null>): PropertyKey[] {
  if (stack.networks?.[name] !== undefined) return ['networks', name];
  const user = Object.entries(services).find(([, s]) => networkNames(s ?? {}).length === 0);
  return user === undefined ? [] : ['services', user[0]];
}

function stackPathOfNetworkField(path: readonly PropertyKey[], stack: StackConfig, services: Record<string, StackService | null>): PropertyKey[] {
  const name = path[1] as string;
  const base = stackPathOfNetwork(name, stack, services);
  if (base[0] !== 'networks') return base;
  const field = path[2];
  if (field === 'subnet') return [...base, 'ipam', 'config', 0, 'subnet'];
  if (field === 'encrypted') return [...base, 'driver_opts', 'encrypted'];
  if (field === 'mtu') return [...base, 'driver_opts', MTU_OPTION];
  return base;
}
