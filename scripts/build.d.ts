/** True when dist/ was built after the last change to the sources and the compiler settings. */
export function distIsFresh(): boolean;
/** Builds dist/ unless it is fresh (or always with `clean`): tsc's exit status and what it printed. */
export function buildDist(options?: { clean?: boolean }): { status: number; output: string };
