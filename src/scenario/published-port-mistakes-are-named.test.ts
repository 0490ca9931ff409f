import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../cli/capture-output.ts';
import { validateCommand } from '../cli/commands/validate.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { formatIssue, ScenarioError } from './errors.ts';
import { loadScenarioText } from './load.ts';

/**
 * Mistakes with published ports and external clients: each names the file, line and column of
 * the value at fault (the port entry itself when the fault is a defaulted mode), its path and
 * what was expected. A base scenario (4 hosts, h4 the external client)
 * is valid; each case changes one line.
 */
const BASE = [
  'name: ports', // 1
  'duration: 10ms', // 2
  'underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps } }', // 3
  'networks: { appnet: {} }', // 4
  'services:', // 5
  '  web: { replicas: 2, networks: [appnet], placement: [h1, h2], ports: [{ published: 8080, target: 80, mode: host }] }', // 6
  '  api: { replicas: 2, networks: [appnet], ports: [{ published: 9090, target: 80 }] }', // 7
  'workloads:', // 8
  '  - { name: ext, kind: tcp-rpc, from: h4, to: web, port: 8080, rate: 100/s }', // 9
];

/** The scenario's problems as `line:col path: message`, or [] when valid. */
function problems(edits: Record<number, string>): string[] {
  const text = BASE.map((l, i) => edits[i + 1] ?? l).join('\n');
  try {
    loadScenarioText('ports.yaml', text);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => formatIssue(i));
  }
}

const work = mkdtempSync(join(tmpdir(), 'overlaysim-ports-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('published ports and external clients: bad input', () => {
  it('the base scenario is valid', () => {
    expect(problems({})).toEqual([]);
  });
  it('an unknown service', () => {
    expect(problems({ 9: '  - { name: ext, kind: tcp-rpc, from: h4, to: wbe, port: 8080, rate: 100/s }' })).toEqual([
      'ports.yaml:9:47: workloads[0].to: unknown service "wbe" (did you mean "web"?); a published port belongs to a service: web, api',
    ]);
  });
  it('a port the service does not publish', () => {
    expect(problems({ 9: '  - { name: ext, kind: tcp-rpc, from: h4, to: web, port: 8081, rate: 100/s }' })).toEqual(['ports.yaml:9:58: workloads[0].port: web does not publish port 8081; it publishes 8080']);
  });
  it('a port published twice', () => {
    expect(problems({ 7: '  api: { replicas: 2, networks: [appnet], ports: [{ published: 8080, target: 80 }] }' })).toEqual([
      'ports.yaml:7:64: services.api.ports[0].published: port 8080/tcp is already published by web (services.web.ports[0]); a port published in ingress mode is held on every node, in host mode on the nodes of its tasks',
    ]);
  });
  it('a host-mode port sent to a node without a task: no external route', () => {
    expect(problems({ 9: '  - { name: ext, kind: tcp-rpc, from: h4, to: web, port: 8080, nodes: [h3], rate: 100/s }' })[0]).toMatch(
      /^ports\.yaml:9:72: workloads\[0\]\.nodes\[0\]: no task of web runs on h3, and port 8080 is published in host mode, so nothing listens there: no external route/,
    );
  });
  it('two tasks on one node with a host-mode port', () => {
    expect(problems({ 6: '  web: { replicas: 2, networks: [appnet], placement: [h1], ports: [{ published: 8080, target: 80, mode: host }] }' })[0]).toMatch(
      /^ports\.yaml:6:105: services\.web\.ports\[0\]\.mode: host mode binds port 8080 once per node, but web has more than one task on h1/,
    );
  });
  it('a dnsrr service publishing in ingress mode', () => {
    expect(problems({ 7: '  api: { replicas: 2, networks: [appnet], endpointMode: dnsrr, ports: [{ published: 9090, target: 80 }] }' })[0]).toMatch(
      /^ports\.yaml:7:72: services\.api\.ports\[0\]\.mode: a dnsrr service has no VIP/,
    );
  });
  it('a service attached to ingress by hand', () => {
    expect(problems({ 4: 'networks: { appnet: {}, ingress: {} }', 7: '  api: { replicas: 2, networks: [appnet, ingress], ports: [{ published: 9090, target: 80 }] }' })[0]).toMatch(
      /^ports\.yaml:7:42: services\.api\.networks\[1\]: swarm attaches the ingress network by itself/,
    );
  });
  it('tasks placed on the external client', () => {
    expect(problems({ 7: '  api: { replicas: 2, networks: [appnet], placement: [h4], ports: [{ published: 9090, target: 80 }] }' })[0]).toMatch(
      /^ports\.yaml:7:55: services\.api\.placement\[0\]: h4 is an external client/,
    );
  });
  it('a UDP workload to a TCP port', () => {
    expect(problems({ 9: '  - { name: ext, kind: udp-cbr, from: h4, to: web, port: 8080, packetRate: 100/s, payload: 10B }' })).toEqual([
      'ports.yaml:9:24: workloads[0].kind: web publishes 8080/tcp; a udp-cbr workload sends udp',
    ]);
  });
  it('an ingress subnet too small: Docker’s arithmetic, tasks + VIPs + one ingress-sbox endpoint per node', () => {
    // /29: 8 − 3 = 5 usable; api's 2 tasks + 1 VIP + 3 nodes (h1–h3; h4 is the client) = 6.
    expect(problems({ 4: 'networks: { appnet: {}, ingress: { subnet: 10.0.0.0/29 } }' })).toEqual([
      'ports.yaml:4:44: networks.ingress.subnet: 10.0.0.0/29 holds 5 addresses (8 less network, broadcast and gateway), this scenario needs 6: 2 tasks + 1 VIP + 3 node LB endpoints ' +
        '(ingress: the tasks and VIPs of services publishing in ingress mode and one ingress-sbox endpoint per node); give networks.ingress a larger subnet',
    ]);
  });
  it('an ingress subnet that just fits is valid: /29 holds 5 = 1 task + 1 VIP + 3 node endpoints', () => {
    expect(problems({ 4: 'networks: { appnet: {}, ingress: { subnet: 10.0.0.0/29 } }', 7: '  api: { replicas: 1, networks: [appnet], ports: [{ published: 9090, target: 80 }] }' })).toEqual([]);
  });
  it('the CLI exits 3 and names file:line:col', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, BASE.map((l, i) => (i === 8 ? '  - { name: ext, kind: tcp-rpc, from: h4, to: web, port: 8081, rate: 100/s }' : l)).join('\n'));
    const { result, stderr } = captureOutput(() => validateCommand([file], { set: [] }));
    expect(result).toBe(ExitCode.InvalidScenario);
    expect(stderr).toContain(`${file}:9:58: workloads[0].port: web does not publish port 8081`);
  });
});
