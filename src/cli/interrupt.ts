/** Remembers a Ctrl-C (SIGINT) instead of dying, so a command can stop cleanly and write nothing. */
export class InterruptWatch {
  private interrupted = false;
  private readonly onSigint = () => {
    this.interrupted = true;
  };

  constructor() {
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
