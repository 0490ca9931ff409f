import { describe, expect, it } from 'vitest';
import { loadStack, stackIssues } from '../test-support/stack-files.ts';

const portsOf = (ports: string) => loadStack(`services:\n  web:\n    ports: ${ports}\n`).resolved.services['web']?.ports;

describe('a stack service\'s ports', () => {
  it('short syntax "published:target" is an ingress TCP port; "/udp" makes it UDP', () => {
    expect(portsOf('["8080:80", "5353:53/udp"]')).toEqual([
      { published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' },
      { published: 5353, target: 53, protocol: 'udp', mode: 'ingress' },
    ]);
  });

  it('long syntax keeps target, published (a number or a string of digits), protocol and mode', () => {
    expect(portsOf('[{ target: 443, published: "8443", mode: host }, { target: 53, published: 53, protocol: udp }]')).toEqual([
      { published: 8443, target: 443, protocol: 'tcp', mode: 'host' },
      { published: 53, target: 53, protocol: 'udp', mode: 'ingress' },
    ]);
  });

  it('no ports: an empty list', () => {
    expect(portsOf('[]')).toEqual([]);
  });

  it('a port with no published side, a range, or an out-of-range number is an error at the entry', () => {
    const { files, issues } = stackIssues('services:\n  web:\n    ports: [80, "8000-8010:80", "70000:80", { target: 80 }]\n');
    expect(issues.map((i) => `${i.file === files.stack ? 'stack' : i.file}:${i.line}:${i.col} ${i.path}`)).toEqual([
      'stack:3:13 services.web.ports[0]',
      'stack:3:17 services.web.ports[1]',
      'stack:3:33 services.web.ports[2]',
      'stack:3:45 services.web.ports[3].published',
    ]);
    expect(issues[0]?.message).toContain('write published:target such as "8080:80"');
    expect(issues[1]?.message).toContain('port ranges are not modelled');
    expect(issues[2]?.message).toContain('port 70000 is out of range');
    expect(issues[3]?.message).toContain('missing required field');
  });

  it('an ingress port on a dnsrr service is refused, as Docker refuses it; a host-mode port is fine', () => {
    const { issues } = stackIssues('services:\n  web:\n    ports: ["8080:80"]\n    deploy: { endpoint_mode: dnsrr }\n');
    expect(issues.map((i) => i.path)).toEqual(['services.web.ports[0].mode']);
    expect(loadStack('services:\n  web:\n    ports: [{ target: 80, published: 8080, mode: host }]\n    deploy: { endpoint_mode: dnsrr }\n').resolved.services['web']?.endpointMode).toBe('dnsrr');
  });
});
