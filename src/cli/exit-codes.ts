/** Process exit codes of every command (see README, "Exit codes"). */
export const ExitCode = {
  Ok: 0,
  /** The run failed, or `check` found a regression. */
  Failure: 1,
  /** The command line was wrong. */
  Usage: 2,
  /** The scenario is invalid. */
  InvalidScenario: 3,
  /** Interrupted by SIGINT (128 + 2, as shells report it). */
  Interrupted: 130,
} as const;
