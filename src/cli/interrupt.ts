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
    // bin/overlaysim.js exits at once on a Ctrl-C during start-up; from here on this class decides.
    for (const listener of process.listeners('SIGINT')) if (listener.name === 'overlaysimEarlyExit') process.off('SIGINT', listener);
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
