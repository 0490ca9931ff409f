import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, isNode, isScalar } from 'yaml';
import { DisconnectedError } from '../model/underlay/routing.ts';
import { expandGrid, type SweepPoint } from './sweep-grid.ts';
import { type SweepLimit, sweepLimitOf } from './sweep-limit.ts';
import { buildSimulation } from './build.ts';
import { ScenarioError } from './errors.ts';
import { UsageError } from './usage-error.ts';
import { resolveScenario, type ResolvedScenario } from './resolve.ts';
import { type ScenarioConfig, scenarioSchema } from './schema.ts';
import { parseOverridePath, ScenarioSource } from './source.ts';
import { importStack } from './stack-import.ts';

export { UsageError } from './usage-error.ts';

/** A scenario read from disk, validated and resolved. */
export interface LoadedScenario {
  file: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  source: ScenarioSource;
  /** The scenario as written (with `--set` applied). */
  resolved: ResolvedScenario;
  /** Each variant: the scenario with the variant's overrides; empty when it declares none. */
  variants: { name: string; resolved: ResolvedScenario }[];
  /** The points of the scenario's sweep grid; empty when it has none. */
  sweep: SweepPoint[];
  /** The sweep's `limit`, if it sets one. */
  sweepLimit?: SweepLimit;
  /** Things the user should know that are not errors, one line each (fields of a stack file the simulator ignores). */
  notes: string[];
}

/**
 * Reads, validates and resolves a scenario file, applying `--set` overrides first. Every
 * problem raises a {@link ScenarioError} whose issues carry file:line:col and the field path.
 * The topology is also built once, so a disconnected underlay is reported here, not mid-run.
 */
export function loadScenario(file: string, sets: readonly string[] = []): LoadedScenario {
  return loadScenarioText(file, readScenarioFile(file), sets);
}

/**
 * Largest scenario file, bytes: a 5000-host explicit topology with 40 000 links fits; parsing
 * with positions takes about a hundred times the file's size in memory.
 */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;

/** Reads a scenario file, refusing one larger than {@link MAX_SCENARIO_BYTES} (or endless, as /dev/zero) without reading it all. */
function readScenarioFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read scenario file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const buffer = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_SCENARIO_BYTES) {
        throw new ScenarioError([{ file, line: 0, col: 0, path: '', message: `the file is larger than the limit of ${MAX_SCENARIO_BYTES} bytes (2 MiB) on scenario files` }]);
      }
    }
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new UsageError(`cannot read scenario file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * As {@link loadScenario}, from text already in memory; `file` names it in messages. With
 * `pointIndex`, the values of that point of the scenario's `sweep` grid are applied after `--set`.
 */
export function loadScenarioText(file: string, text: string, sets: readonly string[] = [], pointIndex?: number): LoadedScenario {
  const source = ScenarioSource.parse(file, text);
  source.applySets(sets, scenarioSchema);
  const sweep = sweepOf(source);
  if (pointIndex !== undefined) {
    const point = sweep[pointIndex];
    if (point === undefined) throw new UsageError(`the sweep has ${sweep.length} points; there is no point ${pointIndex}`);
    for (const { path, value, valueIndex } of point.values) {
      source.override(parseOverridePath(path), value, source.issue(['sweep', path, valueIndex], ''), scenarioSchema);
    }
  }
  const resolved = resolveSource(source);
  const variants = Object.keys(resolved.config.variants ?? {}).map((name) => {
    const variant = source.clone();
    const entries = source.doc.getIn(['variants', name], true);
    if (isMap(entries)) {
      for (const pair of entries.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const origin = source.issue(['variants', name], '', key);
        variant.override(parseOverridePath(key), isNode(pair.value) ? pair.value.toJS(source.doc) : pair.value, origin, scenarioSchema);
      }
    }
    return { name, resolved: resolveSource(variant).scenario };
  });
  const sweepLimit = sweepLimitOf(source, resolved.scenario);
  return { file, sha256: createHash('sha256').update(text).digest('hex'), source, resolved: resolved.scenario, variants, sweep, ...(sweepLimit ? { sweepLimit } : {}), notes: resolved.notes };
}

/** The sweep grid as written (before validation, which each point then goes through). */
function sweepOf(source: ScenarioSource): SweepPoint[] {
  const data = source.toData() as { sweep?: unknown };
  if (data.sweep === undefined || data.sweep === null) return [];
  const sweep = data.sweep;
  const problem = (path: PropertyKey[], message: string) => new ScenarioError([source.issue(path, message)]);
  if (typeof sweep !== 'object' || Array.isArray(sweep)) throw problem(['sweep'], 'expected a mapping of field path to a list of values, e.g. underlay.hosts: [50, 100]');
  const { limit: _limit, ...grid } = sweep as Record<string, unknown>;
  for (const [path, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw problem(['sweep', path], 'expected a non-empty list of values');
  }
  return expandGrid(grid as Record<string, unknown[]>);
}

/**
 * Validates and resolves a (possibly overridden) scenario document, with the services and
 * networks of its stack file if it names one, and checks it builds.
 */
function resolveSource(source: ScenarioSource): { config: ScenarioConfig; scenario: ResolvedScenario; notes: string[] } {
  const validated = source.validate(scenarioSchema);
  const { config, notes, issueAt } = validated.stack === undefined ? { config: validated, notes: [], issueAt: () => undefined } : importStack(source, validated);
  const scenario = resolveScenario(config, dirname(source.file));
  if (Array.isArray(scenario)) throw new ScenarioError(scenario.map((i) => issueAt(i.path, i.message) ?? source.issue(i.path, i.message)));
  try {
    buildSimulation({ ...scenario, workloads: [] }, scenario.seed);
  } catch (error) {
    if (error instanceof DisconnectedError) throw new ScenarioError([source.issue(['underlay'], error.message)]);
    throw error;
  }
  return { config, scenario, notes };
}
