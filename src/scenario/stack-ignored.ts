/**
 * Keys of a stack file the simulator does not use: those written in the file that its
 * validated form (stack-schema.ts, which drops unknown keys) no longer has. Compose's extension
 * fields (`x-...`) are meant to be ignored and are not listed.
 */
export function ignoredPaths(raw: unknown, parsed: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, i) => ignoredPaths(item, parsed[i], [...path, i]));
  }
  if (!isMapping(raw) || !isMapping(parsed)) return [];
  const out: PropertyKey[][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('x-')) continue;
    if (key in parsed) out.push(...ignoredPaths(value, parsed[key], [...path, key]));
    else out.push([...path, key]);
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * One line listing ignored fields, grouped by field with the service or network names in
 * brackets: `services.*.image (web, api), version`. Entries of lists show as `[]`.
 */
export function describeIgnored(paths: readonly PropertyKey[][]): string {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const named = (path[0] === 'services' || path[0] === 'networks') && path.length > 2;
    const template = path.map((segment, i) => (typeof segment === 'number' ? '[]' : named && (i === 1 || isServiceNetworkName(path, i)) ? '*' : String(segment)));
    const key = template.join('.').replaceAll('.[]', '[]');
    const names = groups.get(key) ?? [];
    if (named && !names.includes(String(path[1]))) names.push(String(path[1]));
    groups.set(key, names);
  }
  return [...groups].map(([field, names]) => (names.length > 0 ? `${field} (${names.join(', ')})` : field)).join(', ');
}

/** True for the network name in `services.<s>.networks.<n>.<option>`. */
function isServiceNetworkName(path: readonly PropertyKey[], i: number): boolean {
  return i === 3 && path[0] === 'services' && path[2] === 'networks' && path.length > 4;
}
