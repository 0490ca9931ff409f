import { describe, expect, it } from 'vitest';
import type { EventTarget } from './event-queue.ts';
import { Scheduler, SimulationError } from './scheduler.ts';

/** Records (time, label) of every event it receives. */
function recorder(scheduler: Scheduler, log: [number, string][], label: string): EventTarget {
  return { onEvent: (kind) => void log.push([scheduler.nowNs, `${label}${kind}`]) };
}

describe('scheduler', () => {
  it('runs events in (time, scheduling order) order', () => {
    const s = new Scheduler();
    const log: [number, string][] = [];
    const a = recorder(s, log, 'a');
    const b = recorder(s, log, 'b');
    s.scheduleAt(20, a, 1);
    s.scheduleAt(10, b, 1);
    s.scheduleAt(20, b, 2);
    s.scheduleAt(10, a, 2);
    s.scheduleAt(0, a, 3);
    s.run();
    expect(log).toEqual([
      [0, 'a3'],
      [10, 'b1'],
      [10, 'a2'],
      [20, 'a1'],
      [20, 'b2'],
    ]);
    expect(s.eventsProcessed).toBe(5);
  });

  it('skips cancelled events and does not count them', () => {
    const s = new Scheduler();
    const log: [number, string][] = [];
    const t = recorder(s, log, 't');
    const e = s.schedule(5, t, 1);
    s.schedule(6, t, 2);
    s.cancel(e);
    s.run();
    expect(log).toEqual([[6, 't2']]);
    expect(s.eventsProcessed).toBe(1);
  });

  it('run({ untilNs }) stops before later events and advances the clock to untilNs', () => {
    const s = new Scheduler();
    const log: [number, string][] = [];
    const t = recorder(s, log, 't');
    s.scheduleAt(100, t);
    s.scheduleAt(200, t);
    expect(s.run({ untilNs: 150 })).toBe(1);
    expect(s.nowNs).toBe(150);
    expect(s.peekTimeNs()).toBe(200);
    s.run({ untilNs: 1000 });
    expect(log.map((l) => l[0])).toEqual([100, 200]);
    expect(s.nowNs).toBe(1000);
  });

  it('refuses to schedule in the past or at a fractional time', () => {
    const s = new Scheduler();
    s.run({ untilNs: 50 });
    const t: EventTarget = { onEvent: () => undefined };
    expect(() => s.scheduleAt(49, t)).toThrow(/must be an integer >= now/);
    expect(() => s.schedule(0.5, t)).toThrow(RangeError);
  });

  it('a failing handler stops the run with the simulation time and the event named', () => {
    const s = new Scheduler();
    class Exploder implements EventTarget {
      onEvent(): void {
        throw new Error('boom');
      }
    }
    s.scheduleAt(1234, new Exploder(), 7);
    expect(() => s.run()).toThrow(SimulationError);
    expect(() => {
      s.scheduleAt(1300, new Exploder(), 7);
      s.run();
    }).toThrow('simulation failed at t=1300 ns (1.300 µs) in Exploder event 7: boom');
  });
});
