import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, didYouMean, type ScenarioIssue, ScenarioError } from './errors.ts';
import { describeValue } from './fields.ts';
import { knownKeysAt, locate } from './locate.ts';

/** A parsed scenario file, kept with its positions so problems can be reported as file:line:col. */
export class ScenarioSource {
  /** Paths changed by `--set`, as formatted strings; problems under them point at `--set`. */
  private readonly overridden: string[] = [];

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses YAML text; syntax errors and an empty file raise {@link ScenarioError}. */
  static parse(file: string, text: string): ScenarioSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ScenarioError(
        doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          return { file, line: pos?.line ?? 0, col: pos?.col ?? 0, path: '', message: `YAML syntax error: ${firstLine(e.message)}` };
        }),
      );
    }
    if (doc.contents === null || doc.contents === undefined) {
      throw new ScenarioError([
        { file, line: 0, col: 0, path: '', message: 'the file is empty: expected a scenario with name, duration, underlay and workloads' },
      ]);
    }
    const source = new ScenarioSource(file, text, doc, lines);
    if (doc.contents.constructor.name !== 'YAMLMap') {
      throw new ScenarioError([source.issue([], `expected a mapping of scenario fields at the top level, got ${describeValue(doc.toJS())}`)]);
    }
    return source;
  }

  /** Applies `path=value` overrides; the value is read as YAML (so `10`, `true`, `5us` all work). */
  applySets(sets: readonly string[]): void {
    for (const set of sets) {
      const eq = set.indexOf('=');
      if (eq <= 0) {
        throw new ScenarioError([{ file: '--set', line: 0, col: 0, path: '', message: `expected path=value, got ${JSON.stringify(set)}` }]);
      }
      const path = set
        .slice(0, eq)
        .split('.')
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      const value = parseDocument(set.slice(eq + 1)).toJS();
      this.doc.setIn(path, this.doc.createNode(value));
      this.overridden.push(formatPath(path));
    }
  }

  /** The plain data of the document. */
  toData(): unknown {
    return this.doc.toJS();
  }

  /** Makes an issue located at `path` (or at the key `keyOf` inside it). */
  issue(path: readonly PropertyKey[], message: string, keyOf?: string): ScenarioIssue {
    const formatted = formatPath(keyOf === undefined ? path : [...path, keyOf]);
    if (this.overridden.some((o) => formatted === o || formatted.startsWith(`${o}.`) || formatted.startsWith(`${o}[`))) {
      return { file: '--set', line: 0, col: 0, path: formatted, message };
    }
    const pos = locate(this.doc, this.lines, path, keyOf);
    return { file: this.file, line: pos?.line ?? 0, col: pos?.col ?? 0, path: formatted, message };
  }

  /** Validates the data against a zod schema; every problem becomes a located issue. */
  validate<S extends z.ZodType>(schema: S): z.output<S> {
    const data = this.toData();
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const issues: ScenarioIssue[] = [];
    for (const zi of result.error.issues) {
      if (zi.code === 'unrecognized_keys') {
        const known = knownKeysAt(schema, data, zi.path);
        for (const key of zi.keys) {
          issues.push(this.issue(zi.path, `unknown field "${key}"${didYouMean(key, known)}; expected one of: ${known.join(', ')}`, key));
        }
      } else {
        issues.push(this.issue(zi.path, messageOf(zi, data)));
      }
    }
    throw new ScenarioError(issues);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Rewrites zod's generic messages into ones that say what was expected and what was found. */
function messageOf(issue: z.core.$ZodIssue, data: unknown): string {
  const found = valueAt(data, issue.path);
  if (issue.code === 'invalid_type' && found === undefined) return `missing required field; ${issue.message.replace(/^Invalid input: /, '')}`;
  if (issue.code === 'invalid_type') return `${issue.message.replace(/, received .*$/, '')}, got ${describeValue(found)}`.replace(/^Invalid input: /, '');
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    return `unknown ${String(issue.discriminator)} ${describeValue(found)}${didYouMean(String(found), options.map(String))}; expected one of: ${options.join(', ')}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') return `${issue.message}, got ${describeValue(found)}`;
  if (issue.code === 'invalid_value') return `${issue.message}, got ${describeValue(found)}`;
  return issue.message;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
