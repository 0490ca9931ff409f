/** A mistake on the command line rather than in the scenario (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
