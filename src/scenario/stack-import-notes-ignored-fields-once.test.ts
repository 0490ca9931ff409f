import { describe, expect, it } from 'vitest';
import { captureOutputAsync } from '../cli/capture-output.ts';
import { main } from '../cli/main.ts';
import { loadStack, writeStackScenario } from '../test-support/stack-files.ts';

const STACK = [
  'version: "3.8"',
  'x-defaults: &defaults { restart: always }',
  'services:',
  '  web:',
  '    image: nginx',
  '    <<: *defaults',
  '    environment: { A: "1" }',
  '    deploy: { replicas: 2, resources: { limits: { cpus: "1" } }, update_config: { parallelism: 1, monitor: 5s } }',
  '    networks: { front: { aliases: [www] } }',
  '    ports: [{ target: 80, published: 8080, host_ip: 0.0.0.0 }]',
  '  api:',
  '    image: api',
  '    networks: [front]',
  'networks:',
  '  front: { driver: overlay, attachable: true, labels: { tier: web }, driver_opts: { encrypted: "", com.docker.network.driver.overlay.vxlanid_list: "4097" } }',
  'volumes: { data: {} }',
  '',
].join('\n');

const IGNORED =
  'not used by the simulator, so ignored: version, services.*.image (web, api), services.*.restart (web), services.*.environment (web), ' +
  'services.*.deploy.resources (web), services.*.deploy.update_config.monitor (web), services.*.networks.*.aliases (web), services.*.ports[].host_ip (web), ' +
  'networks.*.labels (front), networks.*.driver_opts.com.docker.network.driver.overlay.vxlanid_list (front), volumes, networks.*.attachable (front)';

describe('fields of a stack file the simulator does not use', () => {
  it('are listed in one note, grouped by field with the services or networks that set them (x- extensions and merged anchors included, not listed)', () => {
    const loaded = loadStack(STACK);
    expect(loaded.notes).toEqual([`${loaded.file.replace(/scenario\.yaml$/, 'docker-stack.yml')}: ${IGNORED}`]);
    // Ignored, not lost: what the simulator does use is still there.
    expect(loaded.resolved.services['web']?.replicas).toBe(2);
    expect(loaded.resolved.networks.find((n) => n.name === 'front')?.encap).toBe('vxlan-esp');
  });

  it('validate prints the note once, after which the scenario is valid (exit 0)', async () => {
    const files = writeStackScenario(STACK);
    const out = await captureOutputAsync(() => main(['node', 'overlaysim', 'validate', files.scenario]));
    expect(out.result).toBe(0);
    expect(out.stderr.split('\n').filter((l) => l.includes('ignored'))).toEqual([`note ${files.stack}: ${IGNORED}`]);
  });

  it('a stack file with nothing to ignore gives no note', () => {
    expect(loadStack('services:\n  web: { deploy: { replicas: 1 } }\n').notes).toEqual([]);
  });

  it('driver_opts.encrypted: "false" still encrypts, as in Docker, and says so in a note', () => {
    const loaded = loadStack('services:\n  web: { networks: [n] }\nnetworks:\n  n: { driver_opts: { encrypted: "false" } }\n');
    expect(loaded.resolved.networks[0]?.encap).toBe('vxlan-esp');
    expect(loaded.notes).toHaveLength(1);
    expect(loaded.notes[0]).toContain('Docker encrypts whenever the option is present, whatever its value');
  });
});
