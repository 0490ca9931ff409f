import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type * as z from 'zod';

/**
 * Line and column (1-based) of a YAML node path, walking as deep as the document goes. A
 * mapping or list that is the value of a key is located at its key (`hostLink:`), not at its
 * first entry, which may be lines below and is often the very entry that is missing.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  keyOf?: string,
): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let found: { range?: [number, number, number] | null } | undefined = node as Node;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (child === undefined) break;
    node = child.value;
    found = (child.value ?? child.key) as Node;
    if (!found?.range || isMap(found) || isSeq(found)) found = child.key as Node;
  }
  if (keyOf !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === keyOf);
    if (pair && isScalar(pair.key)) found = pair.key;
  }
  const offset = found?.range?.[0];
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function childOf(node: unknown, segment: PropertyKey): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}

type AnySchema = z.ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  innerType?: AnySchema;
  in?: AnySchema;
  valueType?: AnySchema;
}

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * The keys the schema accepts for the object at `path` of `value`, following unions by the
 * option whose keys best fit the value. Used to suggest the nearest valid key for a typo.
 */
export function knownKeysAt(schema: AnySchema, value: unknown, path: readonly PropertyKey[]): string[] {
  let s: AnySchema | undefined = schema;
  let v: unknown = value;
  for (let i = 0; i <= path.length && s !== undefined; i++) {
    s = unwrap(s, v);
    if (s === undefined) return [];
    if (i === path.length) break;
    const segment = path[i] as PropertyKey;
    const def = defOf(s);
    if (def.type === 'object') s = def.shape?.[String(segment)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  if (s === undefined) return [];
  const def = defOf(s);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** Strips optional/default/pipe wrappers and picks the union option that fits `value`. */
function unwrap(schema: AnySchema, value: unknown): AnySchema | undefined {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.type === 'union' && def.options) {
      const pick = pickOption(def.options, value);
      if (pick === undefined) return undefined;
      s = pick;
    } else return s;
  }
}

function pickOption(options: AnySchema[], value: unknown): AnySchema | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return options[0];
  const keys = Object.keys(value);
  let best: AnySchema | undefined;
  let bestScore = -1;
  for (const option of options) {
    const inner = unwrap(option, undefined);
    const def = inner && defOf(inner);
    if (!def || def.type !== 'object') continue;
    const shape = def.shape ?? {};
    let score = 0;
    for (const k of keys) {
      const field = shape[k];
      if (field === undefined) continue;
      score++;
      // A literal discriminator that matches the value decides the option.
      const literal = defOf(field) as Def & { values?: unknown[] };
      if (literal.type === 'literal' && literal.values?.includes((value as Record<string, unknown>)[k])) score += 1000;
    }
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}
