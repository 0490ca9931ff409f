import { describe, expect, it } from 'vitest';
import { loadStack, stackIssues } from '../test-support/stack-files.ts';

/** Hosts of each task of `service` in a 5-host scenario importing a one-service stack. */
function hostsOf(deploy: string): string[] {
  const { resolved } = loadStack(`services:\n  svc:\n    deploy: ${deploy}\n`, '', 5);
  return resolved.tasks.filter((t) => t.service === 'svc').map((t) => resolved.topology.hosts[t.host] as string);
}

describe('deploy.placement.constraints on node.hostname', () => {
  it('== pins every task to that host', () => {
    expect(hostsOf('{ replicas: 3, placement: { constraints: ["node.hostname == h2"] } }')).toEqual(['h2', 'h2', 'h2']);
  });

  it('!= (with or without spaces) leaves the host out; the tasks spread over the rest', () => {
    expect(hostsOf('{ replicas: 4, placement: { constraints: ["node.hostname!=h1", "node.hostname != h3"] } }')).toEqual(['h2', 'h4', 'h5', 'h2']);
  });

  it('without constraints the tasks spread over every host', () => {
    expect(hostsOf('{ replicas: 5 }')).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
  });

  it('mode: global runs exactly one task on every host the constraints allow', () => {
    expect(hostsOf('{ mode: global }')).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(hostsOf('{ mode: global, placement: { constraints: ["node.hostname != h4"] } }')).toEqual(['h1', 'h2', 'h3', 'h5']);
    expect(hostsOf('{ mode: global, placement: { constraints: ["node.hostname == h4"] } }')).toEqual(['h4']);
  });

  it('a constraint on something the simulator does not model (role, labels) is met by every host, and noted', () => {
    const loaded = loadStack('services:\n  svc: { deploy: { mode: global, placement: { constraints: [node.role == manager] } } }\n', '', 5);
    expect(loaded.resolved.tasks).toHaveLength(5);
    expect(loaded.notes).toEqual([expect.stringContaining('constraint "node.role == manager" is not modelled')]);
  });

  it('!= on a host the scenario does not have excludes none, and is noted (it may be a typo)', () => {
    const loaded = loadStack('services:\n  svc: { deploy: { replicas: 2, placement: { constraints: ["node.hostname != h9"] } } }\n', '', 5);
    expect(loaded.resolved.tasks).toHaveLength(2);
    expect(loaded.notes).toEqual([expect.stringContaining('names no host of the scenario, so it excludes none')]);
  });
});

describe('constraints no host meets', () => {
  const at = (constraints: string) => {
    const { files, issues } = stackIssues(`services:\n  svc:\n    deploy: { placement: { constraints: ${constraints} } }\n`, '', 5);
    return issues.map((i) => `${i.file === files.stack ? 'stack' : i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`);
  };

  it('== on a host the scenario does not have is an error at the constraint', () => {
    expect(at('["node.hostname == h55"]')).toEqual([
      'stack:3:42 services.svc.deploy.placement.constraints[0]: no host is named "h55" (did you mean "h5"?), so swarm would leave the tasks pending; hosts: h1, h2, h3, h4, h5',
    ]);
  });

  it('constraints that together leave no host are an error at the list', () => {
    expect(at('["node.hostname == h1", "node.hostname != h1"]')).toEqual([
      'stack:3:28 services.svc.deploy.placement.constraints: no host meets all of these constraints, so swarm would leave the tasks pending',
    ]);
  });

  it('a constraint without == or != is an error', () => {
    expect(at('["node.hostname = h1"]')).toEqual([
      'stack:3:42 services.svc.deploy.placement.constraints[0]: expected a constraint such as "node.hostname == h1" or "node.hostname != h1", got "node.hostname = h1"',
    ]);
  });
});
