import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadedScenario, loadScenario } from '../scenario/load.ts';
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.ts';

/** Paths of a scenario and its stack file written to a fresh temporary folder. For tests. */
export interface StackFiles {
  scenario: string;
  stack: string;
}

/**
 * Writes `stack` as docker-stack.yml and a scenario on `hosts` star hosts that imports it,
 * with `extra` (more scenario lines, e.g. its own services) appended.
 */
export function writeStackScenario(stack: string, extra = '', hosts = 4): StackFiles {
  const dir = mkdtempSync(join(tmpdir(), 'overlaysim-stack-'));
  const scenario = join(dir, 'scenario.yaml');
  const stackFile = join(dir, 'docker-stack.yml');
  writeFileSync(stackFile, stack);
  writeFileSync(
    scenario,
    `name: stack-test\nduration: 1ms\nhosts: { cpu: none }\nunderlay: { topology: star, hosts: ${hosts}, hostLink: { bandwidth: 1Gbps } }\nstack: ./docker-stack.yml\n${extra}`,
  );
  return { scenario, stack: stackFile };
}

/** Loads a scenario importing `stack` (see {@link writeStackScenario}). */
export function loadStack(stack: string, extra = '', hosts = 4): LoadedScenario {
  return loadScenario(writeStackScenario(stack, extra, hosts).scenario);
}

/** The issues loading it raises; fails the test when it loads. */
export function stackIssues(stack: string, extra = '', hosts = 4): { files: StackFiles; issues: readonly ScenarioIssue[] } {
  const files = writeStackScenario(stack, extra, hosts);
  return { files, ...expectRejected(files.scenario) };
}

/** The issues loading a scenario file raises; fails the test when it loads. */
export function expectRejected(scenario: string): { issues: readonly ScenarioIssue[] } {
  try {
    loadScenario(scenario);
  } catch (error) {
    if (error instanceof ScenarioError) return { issues: error.issues };
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}
