import { didYouMean } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import { listOf } from './resolve-topology.ts';

/** `node.hostname == h1`, `node.hostname!=h2`: an attribute, an operator and a value, as swarm writes constraints. */
const CONSTRAINT = /^\s*([A-Za-z0-9_.-]+)\s*(==|!=)\s*(.*?)\s*$/;

/** What placing a stack service needs to know and where it reports. */
export interface PlacementContext {
  hosts: readonly string[];
  issues: PathIssue[];
  notes: string[];
  /** The stack file, as named in notes. */
  file: string;
}

/**
 * The hosts a stack service's `deploy.placement.constraints` allow, as a scenario `placement`
 * list in host order; undefined when they allow every host (placement: spread). Constraints
 * all hold at once, as in swarm. Only `node.hostname` is modelled: the simulator's hosts have
 * no roles or labels, so any other constraint is taken as met by every host and said in a note.
 */
export function placementOf(service: string, constraints: readonly string[], ctx: PlacementContext): string[] | undefined {
  if (constraints.length === 0) return undefined;
  const path = ['services', service, 'deploy', 'placement', 'constraints'];
  const before = ctx.issues.length;
  const allowed = new Set(ctx.hosts);
  constraints.forEach((text, i) => {
    const match = CONSTRAINT.exec(text);
    if (match === null || match[3] === '') {
      ctx.issues.push({ path: [...path, i], message: `expected a constraint such as "node.hostname == h1" or "node.hostname != h1", got ${JSON.stringify(text)}` });
      return;
    }
    const [, attribute, operator, host] = match as unknown as [string, string, string, string];
    if (attribute !== 'node.hostname') {
      ctx.notes.push(`${ctx.file}: service "${service}": constraint "${text}" is not modelled (hosts have no roles or labels here); every host is taken to meet it`);
      return;
    }
    if (!ctx.hosts.includes(host)) {
      if (operator === '!=') ctx.notes.push(`${ctx.file}: service "${service}": constraint "${text}" names no host of the scenario, so it excludes none`);
      else ctx.issues.push({ path: [...path, i], message: `no host is named "${host}"${didYouMean(host, ctx.hosts)}, so swarm would leave the tasks pending; hosts: ${listOf(ctx.hosts, 'hosts')}` });
      return;
    }
    for (const h of ctx.hosts) if ((operator === '==') !== (h === host)) allowed.delete(h);
  });
  if (ctx.issues.length > before) return undefined;
  if (allowed.size === 0) {
    ctx.issues.push({ path, message: 'no host meets all of these constraints, so swarm would leave the tasks pending' });
    return undefined;
  }
  return allowed.size === ctx.hosts.length ? undefined : ctx.hosts.filter((h) => allowed.has(h));
}
