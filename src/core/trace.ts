/**
 * A trace point: a model raises it, statistics subscribe to it. With no subscriber, raising
 * costs one loop check. Fixed arity (up to three arguments) keeps `emit` allocation-free.
 */
export class TracePoint<A, B = undefined, C = undefined> {
  private readonly listeners: ((a: A, b: B, c: C) => void)[] = [];

  /** Adds a listener; listeners run in the order they were added. */
  connect(listener: (a: A, b: B, c: C) => void): void {
    this.listeners.push(listener);
  }

  emit(a: A, b: B, c: C): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) (ls[i] as (a: A, b: B, c: C) => void)(a, b, c);
  }
}
