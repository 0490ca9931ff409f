/** Remembers a Ctrl-C (SIGINT) instead of dying, so a command can stop cleanly and write nothing. */
export class InterruptWatch {
  private interrupted = false;
  private readonly onSigint = () => {
    this.interrupted = true;
  };

  constructor() {
    // bin/overlaysim.js exits at once on a Ctrl-C during start-up; from here on, stop cleanly.
    for (const listener of process.listeners('SIGINT')) if (listener.name === 'overlaysimEarlyExit') process.off('SIGINT', listener);
    process.on('SIGINT', this.onSigint);
  }

  /** True once Ctrl-C was pressed. */
  get requested(): boolean {
    return this.interrupted;
  }

  /** Restores Node's default SIGINT handling. */
  dispose(): void {
    process.off('SIGINT', this.onSigint);
  }
}
