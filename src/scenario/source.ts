import { type Alias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type * as z from 'zod';
import { formatPath, didYouMean, type ScenarioIssue, ScenarioError } from './errors.ts';
import { describeValue } from './fields.ts';
import { knownKeysAt, locate } from './locate.ts';
import { UsageError } from './usage-error.ts';

/** A parsed scenario file, kept with its positions so problems can be reported as file:line:col. */
export class ScenarioSource {
  /** Paths changed by overrides (`--set`, variants), with where each override was written. */
  private readonly overridden: { path: string; origin: OverrideOrigin }[] = [];

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** A copy whose document can be overridden without touching this one (for variants). */
  clone(): ScenarioSource {
    const copy = new ScenarioSource(this.file, this.text, this.doc.clone(), this.lines);
    copy.overridden.push(...this.overridden);
    return copy;
  }

  /**
   * Parses YAML text; syntax errors and an empty file raise {@link ScenarioError}. `kind` words
   * what the file should hold, for those messages (a stack file is parsed here too).
   */
  static parse(file: string, text: string, kind: FileKind = SCENARIO_FILE): ScenarioSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: kind.mergeKeys ?? false });
    if (doc.errors.length > 0) {
      throw new ScenarioError(doc.errors.map((e) => syntaxIssue(file, text, doc, lines, e)));
    }
    if (doc.contents === null || doc.contents === undefined) {
      throw new ScenarioError([
        { file, line: 0, col: 0, path: '', message: `the file is empty: expected ${kind.contents}` },
      ]);
    }
    const aliasProblem = aliasIssue(file, doc, lines);
    if (aliasProblem) throw new ScenarioError([aliasProblem]);
    const source = new ScenarioSource(file, text, doc, lines);
    if (doc.contents.constructor.name !== 'YAMLMap') {
      throw new ScenarioError([source.issue([], `expected a mapping of ${kind.fields} at the top level, got ${describeValue(doc.toJS())}`)]);
    }
    return source;
  }

  /**
   * Applies `path=value` overrides from the command line; the value is read as YAML (so `10`,
   * `true`, `5us` all work). See {@link override} for which paths are accepted.
   */
  applySets(sets: readonly string[], schema: z.ZodType): void {
    for (const set of sets) {
      const eq = set.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set: expected path=value such as underlay.hosts=50, got ${JSON.stringify(set)}`);
      const valueDoc = parseDocument(set.slice(eq + 1));
      const syntax = valueDoc.errors[0] && `YAML syntax error in the value: ${firstLine(valueDoc.errors[0].message).replace(/ at line \d+, column \d+:?$/, '')}`;
      const problem = syntax ?? aliasIssue('--set', valueDoc, new LineCounter())?.message;
      if (problem !== undefined) throw new ScenarioError([{ file: '--set', line: 0, col: 0, path: set.slice(0, eq), message: problem }]);
      const value = valueDoc.toJS();
      this.override(parseOverridePath(set.slice(0, eq)), value, { file: '--set', line: 0, col: 0 }, schema);
    }
  }

  /**
   * Sets `path` to `value`. The parent of the path must exist in the scenario and the last key
   * must be one the schema knows there (or an existing entry), so a typo in an override is an
   * error, not a new field that silently changes nothing. A null value removes the field.
   * Problems later found under the path are reported at `origin`.
   */
  override(path: PropertyKey[], value: unknown, origin: OverrideOrigin, schema: z.ZodType): void {
    const formatted = formatPath(path);
    const fail = (message: string) => {
      throw new ScenarioError([{ ...origin, path: formatted, message }]);
    };
    if (path.length === 0) fail('expected a field path such as underlay.hosts');
    const parentPath = path.slice(0, -1);
    const parent = parentPath.length === 0 ? this.doc.contents : this.doc.getIn(parentPath, true);
    if (!isCollection(parent)) {
      const existing = closestExisting(this.doc, parentPath);
      fail(`${formatPath(parentPath)} is not in the scenario${existing}; an override can change a field or add one to an existing mapping`);
    }
    const last = path[path.length - 1] as PropertyKey;
    if (!this.doc.hasIn(path)) {
      if (isSeq(parent)) fail(`${formatPath(parentPath)} has ${parent.items.length} entries (0 to ${parent.items.length - 1}); an override cannot add one`);
      const known = knownKeysAt(schema, this.toData(), parentPath);
      const isMapOfNames = known.length === 0 && isMap(parent);
      if (!isMapOfNames && !known.includes(String(last))) {
        fail(`unknown field "${String(last)}"${didYouMean(String(last), known)}; expected one of: ${known.join(', ')}`);
      }
    }
    // null removes the field, so its default applies again.
    if (value === null) this.doc.deleteIn(path);
    else this.doc.setIn(path, this.doc.createNode(value));
    this.overridden.push({ path: formatted, origin });
  }

  /** The plain data of the document. */
  toData(): unknown {
    return this.doc.toJS();
  }

  /** Makes an issue located at `path` (or at the key `keyOf` inside it). */
  issue(path: readonly PropertyKey[], message: string, keyOf?: string): ScenarioIssue {
    const formatted = formatPath(keyOf === undefined ? path : [...path, keyOf]);
    const over = this.overridden.findLast(({ path: o }) => formatted === o || formatted.startsWith(`${o}.`) || formatted.startsWith(`${o}[`));
    if (over !== undefined) return { ...over.origin, path: formatted, message };
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

/**
 * A YAML alias that names no earlier anchor, or aliases that expand past the parser's limit of
 * 100 alias uses (a "billion laughs" file would otherwise take all memory): located at the
 * offending alias, or at the first alias.
 */
function aliasIssue(file: string, doc: Document, lines: LineCounter): ScenarioIssue | undefined {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  if (aliases.length === 0) return undefined;
  const at = (node: Alias, message: string): ScenarioIssue => {
    const pos = node.range ? lines.linePos(node.range[0]) : { line: 0, col: 0 };
    return { file, line: pos.line, col: pos.col, path: '', message };
  };
  const unresolved = aliases.find((a) => a.resolve(doc) === undefined);
  if (unresolved) return at(unresolved, `YAML alias *${unresolved.source} names no anchor &${unresolved.source} written before it`);
  try {
    doc.toJS();
  } catch (error) {
    return at(aliases[0] as Alias, `YAML aliases expand too far (${firstLine((error as Error).message)}); write the values out instead`);
  }
  return undefined;
}

/** What a parsed file should hold, in the words of the messages about an empty or malformed one. */
export interface FileKind {
  /** e.g. `a scenario with name, duration, underlay and workloads`. */
  contents: string;
  /** e.g. `scenario fields`. */
  fields: string;
  /** Whether `<<: *anchor` merges the anchored mapping in, as compose files use it (default false). */
  mergeKeys?: boolean;
}

const SCENARIO_FILE: FileKind = { contents: 'a scenario with name, duration, underlay and workloads', fields: 'scenario fields' };

/** Where an override was written: `--set` (no position) or a variant entry in the file. */
export interface OverrideOrigin {
  file: string;
  line: number;
  col: number;
}

/** `a.b.0.c` → ['a', 'b', 0, 'c']. */
export function parseOverridePath(text: string): PropertyKey[] {
  return text.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** ` (the scenario has a.b)`: the longest existing prefix of `path`, to orient the user. */
function closestExisting(doc: Document, path: readonly PropertyKey[]): string {
  for (let n = path.length - 1; n > 0; n--) {
    const prefix = path.slice(0, n);
    const node = doc.getIn(prefix, true);
    if (isMap(node)) {
      const keys = node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
      return `; ${formatPath(prefix)} has: ${keys.join(', ')}${didYouMean(String(path[n]), keys)}`;
    }
  }
  return '';
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * Locates a YAML syntax error. The parser notices an unclosed `[` or `{` only where the
 * collection should have ended, so such errors point at the opening bracket instead; a key
 * that runs over two lines (usually a line indented too far) points at the line where it ends.
 */
function syntaxIssue(file: string, text: string, doc: Document, lines: LineCounter, error: YAMLError): ScenarioIssue {
  const [start, end] = error.pos;
  let offset = start;
  let message = `YAML syntax error: ${firstLine(error.message)}`;
  const unclosed = unclosedFlowAt(doc, text, start);
  if (unclosed !== undefined) {
    offset = unclosed.offset;
    message = `YAML syntax error: this "${unclosed.open}" is never closed by "${unclosed.close}"`;
  } else if (error.code === 'MULTILINE_IMPLICIT_KEY') {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    offset = lineStart + (/^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0);
    message = `YAML syntax error: ${firstLine(error.message)}; check the indentation of this line and the line above`;
  }
  const pos = lines.linePos(offset);
  return { file, line: pos.line, col: pos.col, path: '', message };
}

/** The innermost flow collection (`[...]` or `{...}`) that ends unclosed at `offset`, if any. */
function unclosedFlowAt(doc: Document, text: string, offset: number): { offset: number; open: string; close: string } | undefined {
  let found: { offset: number; open: string; close: string } | undefined;
  visit(doc, (_key, node) => {
    if (!isCollection(node) || !node.flow || !node.range) return;
    const [from, to] = node.range;
    const open = text[from];
    const close = open === '[' ? ']' : '}';
    if (to === offset && (open === '[' || open === '{') && !text.slice(from, to).trimEnd().endsWith(close)) {
      if (found === undefined || from > found.offset) found = { offset: from, open, close };
    }
  });
  return found;
}

/** Words for zod's type names, as a YAML author knows them. */
const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  tuple: 'a list',
};

/**
 * Rewrites zod's generic messages ("Invalid input: expected int, received number") into ones
 * that say what was expected and what was found; messages the schema wrote itself are kept.
 */
function messageOf(issue: z.core.$ZodIssue, data: unknown): string {
  const found = valueAt(data, issue.path);
  const got = found === undefined ? '' : `, got ${describeValue(found)}`;
  const generic = /^(Invalid input|Invalid option|Too small|Too big): /.test(issue.message);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = generic ? `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}` : issue.message;
      return found === undefined ? `missing required field; ${expected}` : expected + got;
    }
    case 'invalid_union': {
      if (!('discriminator' in issue) || !issue.discriminator) return found === undefined ? `missing required field; ${issue.message}` : issue.message + got;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      if (found === undefined) return `missing required field; expected one of: ${options.join(', ')}`;
      return `unknown ${String(issue.discriminator)} ${describeValue(found)}${didYouMean(String(found), options)}; expected one of: ${options.join(', ')}`;
    }
    case 'too_small':
    case 'too_big': {
      const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
      const gotSize = Array.isArray(found) ? `, got ${entries(found.length)}` : got;
      if (!generic) return issue.message + gotSize;
      const small = issue.code === 'too_small';
      const limit = Number(small ? issue.minimum : issue.maximum);
      const bound = issue.inclusive ? (small ? 'at least' : 'at most') : small ? 'more than' : 'less than';
      return `expected ${bound} ${Array.isArray(found) ? entries(limit) : limit}${gotSize}`;
    }
    case 'invalid_value':
    case 'invalid_format':
      return issue.message.replace(/^Invalid (input|option): /, '') + got;
    case 'custom':
      return issue.params?.['showsValue'] === true ? issue.message : issue.message + got;
    default:
      return issue.message;
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
