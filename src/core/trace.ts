/**
 * A trace point: a model raises it, statistics subscribe to it. Fixed arity (up to three
 * arguments) keeps raising it allocation-free.
 *
 * `emit` is the listener itself while there is only one, and a no-op while there is none, so
 * each place that raises a trace point calls one known function that V8 can inline; a shared
 * loop over listeners would be one call site for every trace point of the program, too
 * polymorphic to inline.
 */
export class TracePoint<A, B = undefined, C = undefined> {
  private readonly listeners: ((a: A, b: B, c: C) => void)[] = [];

  /** Raises the trace point: calls every listener, in the order they were added. */
  emit: (a: A, b: B, c: C) => void = ignore;

  private listening = false;

  /**
   * Whether anything listens. A model raising a trace point per packet that usually has no
   * listener tests this first: calling even the no-op makes V8 box a time argument (a heap
   * allocation per call).
   */
  get active(): boolean {
    return this.listening;
  }

  /** Adds a listener; listeners run in the order they were added. */
  connect(listener: (a: A, b: B, c: C) => void): void {
    const ls = this.listeners;
    ls.push(listener);
    this.listening = true;
    this.emit =
      ls.length === 1
        ? listener
        : (a, b, c) => {
            for (let i = 0; i < ls.length; i++) (ls[i] as (a: A, b: B, c: C) => void)(a, b, c);
          };
  }
}

function ignore(): void {}
