import { describe, expect, it } from 'vitest';
import { captureOutputAsync } from '../cli/capture-output.ts';
import { main } from '../cli/main.ts';
import { rmSync } from 'node:fs';
import { expectRejected, stackIssues, writeStackScenario } from '../test-support/stack-files.ts';

/** A problem as file:line:col, path and message, for exact comparison. */
const where = (issue: { file: string; line: number; col: number; path: string; message: string }) => `${issue.file}:${issue.line}:${issue.col} ${issue.path}`;

describe('a stack file with a wrong type', () => {
  it('names the stack file, line and column, and the field path in the stack file', () => {
    const { files, issues } = stackIssues(['services:', '  web:', '    deploy:', '      replicas: three', ''].join('\n'));
    expect(issues).toHaveLength(1);
    expect(where(issues[0]!)).toBe(`${files.stack}:4:17 services.web.deploy.replicas`);
    expect(issues[0]!.message).toBe('expected a number, got "three"');
  });

  it('reports every wrong field at once, each at its own place', () => {
    const stack = [
      'services:',
      '  web:',
      '    ports: ["80"]',
      '    deploy: { update_config: { delay: 10 } }',
      'networks:',
      '  front: { driver: bridge, attachable: "yes" }',
      '',
    ].join('\n');
    const { files, issues } = stackIssues(stack);
    expect(issues.map(where)).toEqual([
      `${files.stack}:4:39 services.web.deploy.update_config.delay`,
      `${files.stack}:3:13 services.web.ports[0]`,
      `${files.stack}:6:20 networks.front.driver`,
      `${files.stack}:6:40 networks.front.attachable`,
    ]);
    expect(issues[0]!.message).toContain('expected a duration with a unit');
    expect(issues[1]!.message).toContain('random port');
    expect(issues[2]!.message).toContain('expected overlay');
  });

  it('locates a problem found after the import (a bad subnet) at the stack line that wrote it', () => {
    const stack = ['services:', '  db: { networks: [back] }', 'networks:', '  back:', '    ipam:', '      config:', '        - subnet: 10.0.5.0/33', ''].join('\n');
    const { files, issues } = stackIssues(stack);
    expect(issues.map(where)).toEqual([`${files.stack}:7:19 networks.back.ipam.config[0].subnet`]);
  });

  it('validate prints it and exits 3', async () => {
    const files = writeStackScenario(['services:', '  web:', '    deploy:', '      replicas: three', ''].join('\n'));
    const out = await captureOutputAsync(() => main(['node', 'overlaysim', 'validate', files.scenario]));
    expect(out.result).toBe(3);
    expect(out.stderr).toContain(`${files.stack}:4:17: services.web.deploy.replicas: expected a number, got "three"`);
  });
});

describe('what users get wrong in a stack file', () => {
  it('a missing stack file is an error at the scenario\'s stack field', () => {
    const files = writeStackScenario('services: {}\n');
    rmSync(files.stack);
    const { issues } = expectRejected(files.scenario);
    expect(issues.map(where)).toEqual([`${files.scenario}:5:8 stack`]);
    expect(issues[0]!.message).toBe(`cannot read the stack file ${files.stack}: there is no such file (the path is relative to the scenario's folder)`);
  });

  it('an empty stack file is an error of the stack file', () => {
    const { files, issues } = stackIssues('# nothing yet\n');
    expect(issues.map(where)).toEqual([`${files.stack}:0:0 `]);
    expect(issues[0]!.message).toBe('the file is empty: expected a stack file with services and networks');
  });

  it('a service on a network the stack does not declare is refused, as docker stack deploy does', () => {
    const { files, issues } = stackIssues(['services:', '  web: { networks: [front, back] }', 'networks:', '  front: {}', ''].join('\n'));
    expect(issues.map(where)).toEqual([`${files.stack}:2:28 services.web.networks[1]`]);
    expect(issues[0]!.message).toContain('network "back" is not declared');
  });

  it('an external network must be defined by the scenario', () => {
    const { files, issues } = stackIssues(['services:', '  web: { networks: [shared] }', 'networks:', '  shared: { external: true }', ''].join('\n'));
    expect(issues.map(where)).toEqual([`${files.stack}:4:23 networks.shared.external`]);
  });

  it('replicas with mode: global is refused, as Docker refuses it', () => {
    const { files, issues } = stackIssues(['services:', '  agent:', '    deploy: { mode: global, replicas: 2 }', ''].join('\n'));
    expect(issues.map(where)).toEqual([`${files.stack}:3:39 services.agent.deploy.replicas`]);
  });

  it('a name in both the scenario and the stack is an error at the scenario naming the stack\'s place', () => {
    const stack = ['services:', '  web: { networks: [front] }', 'networks:', '  front: {}', ''].join('\n');
    const { files, issues } = stackIssues(stack, 'networks: { front: {} }\nservices:\n  web: { networks: [front] }\n');
    expect(issues.map(where)).toEqual([`${files.scenario}:8:3 services.web`, `${files.scenario}:6:13 networks.front`]);
    expect(issues[0]!.message).toBe(`service "web" is also defined in the stack file (${files.stack}:2:3); define it in one place only`);
    expect(issues[1]!.message).toBe(`network "front" is also defined in the stack file (${files.stack}:4:3); define it in one place only`);
  });
});
