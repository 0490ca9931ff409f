/**
 * Ctrl-C (SIGINT) handling of a command, in two modes. While nothing is being written (loading
 * a scenario, building results in memory) Node's default action applies: a Ctrl-C ends the
 * process at once, even inside a long synchronous step. While a run goes on or results are
 * written, {@link catching} remembers a Ctrl-C instead, so the command can stop at its next
 * check, leave earlier results as they were, and exit 130.
 */
export class InterruptWatch {
  private interrupted = false;
  private listening = false;
  private readonly onSigint = () => {
    this.interrupted = true;
  };

  constructor() {
    endStartupHandler();
  }

  /** From now on a Ctrl-C is remembered (see {@link requested}) rather than ending the process. */
  catching(): void {
    if (!this.listening) process.on('SIGINT', this.onSigint);
    this.listening = true;
  }

  /** From now on a Ctrl-C ends the process at once, as Node does by default. */
  atOnce(): void {
    if (this.listening) process.off('SIGINT', this.onSigint);
    this.listening = false;
  }

  /** True once Ctrl-C was pressed while catching. */
  get requested(): boolean {
    return this.interrupted;
  }

  /** Restores Node's default SIGINT handling. */
  dispose(): void {
    this.atOnce();
  }
}

/**
 * bin/overlaysim.js exits with a message on a Ctrl-C while the sources load. Once a command
 * runs, that handler would hold a Ctrl-C back until a long synchronous step (loading a large
 * scenario) ends, so it is removed: Node's default action ends the process at once.
 */
export function endStartupHandler(): void {
  for (const listener of process.listeners('SIGINT')) if (listener.name === 'overlaysimEarlyExit') process.off('SIGINT', listener);
}
