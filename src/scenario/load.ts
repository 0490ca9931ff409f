import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DisconnectedError } from '../model/underlay/routing.ts';
import { buildSimulation } from './build.ts';
import { ScenarioError } from './errors.ts';
import { resolveScenario, type ResolvedScenario } from './resolve.ts';
import { scenarioSchema } from './schema.ts';
import { ScenarioSource } from './source.ts';

/** Raised when the command line names a file that cannot be read (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A scenario read from disk, validated and resolved. */
export interface LoadedScenario {
  file: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  source: ScenarioSource;
  resolved: ResolvedScenario;
}

/**
 * Reads, validates and resolves a scenario file, applying `--set` overrides first. Every
 * problem raises a {@link ScenarioError} whose issues carry file:line:col and the field path.
 * The topology is also built once, so a disconnected underlay is reported here, not mid-run.
 */
export function loadScenario(file: string, sets: readonly string[] = []): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read scenario file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return loadScenarioText(file, text, sets);
}

/** As {@link loadScenario}, from text already in memory; `file` names it in messages. */
export function loadScenarioText(file: string, text: string, sets: readonly string[] = []): LoadedScenario {
  const source = ScenarioSource.parse(file, text);
  source.applySets(sets);
  const config = source.validate(scenarioSchema);
  const resolved = resolveScenario(config, dirname(file));
  if (Array.isArray(resolved)) throw new ScenarioError(resolved.map((i) => source.issue(i.path, i.message)));
  try {
    buildSimulation({ ...resolved, workloads: [] }, resolved.seed);
  } catch (error) {
    if (error instanceof DisconnectedError) throw new ScenarioError([source.issue(['underlay'], error.message)]);
    throw error;
  }
  return { file, sha256: createHash('sha256').update(text).digest('hex'), source, resolved };
}
