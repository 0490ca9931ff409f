/** One problem found in a scenario, with where it is. */
export interface ScenarioIssue {
  /** File name as given by the user, or `--set` for a command-line override. */
  file: string;
  /** 1-based line and column; 0 when the problem has no position (e.g. an empty file). */
  line: number;
  col: number;
  /** Field path such as `underlay.hostLink.delay` or `workloads[0].rate`; empty for the whole file. */
  path: string;
  /** What is wrong and what was expected. */
  message: string;
}

/** Raised for an invalid scenario; the CLI prints every issue and exits with code 3. */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `file:line:col: path: message`, the form editors and CI logs link to. */
export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Formats a path of keys and indices as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Levenshtein edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo, or else the one
 * candidate that contains `word` as a part (`cbr` → `udp-cbr`).
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const list = [...candidates];
  for (const c of list) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  if (bestDistance <= limit) return best;
  const lower = word.toLowerCase();
  const containing = list.filter((c) => lower.length >= 3 && c.toLowerCase().split(/[-_.]/).includes(lower));
  return containing.length === 1 ? containing[0] : undefined;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = nearest(word, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
