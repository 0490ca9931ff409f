import { didYouMean, formatPath } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import type { ScenarioConfig } from './schema.ts';
import type { TopologySpec } from './topology-spec.ts';

/** Checks node names, link ends and connectivity of the underlay. */
export function checkTopology(config: ScenarioConfig, issues: PathIssue[]): void {
  const u = config.underlay;
  if (u.topology === 'leaf-spine' && u.racks > u.hosts) {
    issues.push({ path: ['underlay', 'racks'], message: `expected at most one rack per host (${u.hosts}), got ${u.racks}` });
  }
  if (u.topology !== 'explicit') return;
  const seen = new Map<string, PropertyKey[]>();
  const declare = (name: string, path: PropertyKey[]) => {
    const first = seen.get(name);
    if (first) issues.push({ path, message: `duplicate node name "${name}", already declared at ${formatPath(first)} (hosts and switches share one namespace)` });
    else seen.set(name, path);
  };
  u.hosts.forEach((h, i) => declare(h, ['underlay', 'hosts', i]));
  u.switches.forEach((s, i) => declare(s, ['underlay', 'switches', i]));
  const pairs = new Map<string, number>();
  u.links.forEach((l, i) => {
    l.between.forEach((end, j) => {
      if (!seen.has(end)) {
        issues.push({ path: ['underlay', 'links', i, 'between', j], message: `unknown node "${end}"${didYouMean(end, seen.keys())}; expected one of: ${listOf([...seen.keys()], 'nodes')}` });
      }
    });
    if (l.between[0] === l.between[1]) issues.push({ path: ['underlay', 'links', i, 'between'], message: `a link cannot join "${l.between[0]}" to itself` });
    const pair = [...l.between].sort().join('\0');
    const earlier = pairs.get(pair);
    if (earlier !== undefined) issues.push({ path: ['underlay', 'links', i, 'between'], message: `a second link between ${l.between[0]} and ${l.between[1]} (the first is underlay.links[${earlier}]); parallel links are not modelled: give the one link the combined bandwidth` });
    else pairs.set(pair, i);
  });
  if (issues.length === 0) checkConnected(u.hosts, u.links.map((l) => l.between), issues);
}

/**
 * Reports hosts that no chain of links joins, naming the separate groups of nodes. (Routing
 * also refuses paths that transit a host; the build step reports those rarer cases.)
 */
function checkConnected(hosts: readonly string[], links: readonly (readonly [string, string])[], issues: PathIssue[]): void {
  const parent = new Map<string, string>();
  const root = (n: string): string => {
    let r = n;
    while (parent.has(r)) r = parent.get(r) as string;
    if (r !== n) parent.set(n, r);
    return r;
  };
  for (const [a, b] of links) if (root(a) !== root(b)) parent.set(root(a), root(b));
  const isHost = new Set(hosts);
  const groups = new Map<string, Set<string>>();
  for (const n of [...hosts, ...links.flat()]) {
    const r = root(n);
    groups.set(r, (groups.get(r) ?? new Set()).add(n));
  }
  const withHosts = [...groups.values()].map((g) => [...g]).filter((g) => g.some((n) => isHost.has(n)));
  if (withHosts.length < 2) return;
  const [a, b] = withHosts as [string[], string[]];
  issues.push({
    path: ['underlay', 'links'],
    message:
      `the topology is disconnected: no chain of links joins host ${a.find((n) => isHost.has(n))} to host ${b.find((n) => isHost.has(n))}; ` +
      `the ${withHosts.length} separate groups are ${listOf(withHosts.map((g) => `{${listOf(g, 'nodes', 6)}}`), 'groups', 3)}; add links that join them`,
  });
}

/** `a, b, c`, shortened for long lists such as generated host names: `h1, h2, h3, …, h16 (16 hosts)`. */
export function listOf(names: readonly string[], noun: string, max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, …, ${names[names.length - 1]} (${names.length} ${noun})`;
}

/** The smallest MTU among each host's own links. */
export function accessMtus(topology: TopologySpec): number[] {
  const index = new Map(topology.hosts.map((h, i) => [h, i]));
  const mtu = topology.hosts.map(() => Infinity);
  for (const l of topology.links) {
    for (const end of [l.a, l.b]) {
      const h = index.get(end);
      if (h !== undefined) mtu[h] = Math.min(mtu[h] as number, l.params.mtuBytes);
    }
  }
  return mtu;
}
