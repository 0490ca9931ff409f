import { describe, expect, it } from 'vitest';
import { type EventQueue, type EventTarget, HeapEventQueue, type SimEvent, TinyEventQueue } from './event-queue.ts';
import { Scheduler, SimulationError } from './scheduler.ts';

describe('posted events keep (time, seq) order with scheduled ones and reuse their objects', () => {
  for (const [name, makeQueue] of [
    ['TinyEventQueue', () => new TinyEventQueue()],
    ['HeapEventQueue', () => new HeapEventQueue()],
  ] as const) {
    it(`interleaves post and schedule at equal times in call order (${name})`, () => {
      const s = new Scheduler(makeQueue());
      const log: string[] = [];
      const t = (label: string): EventTarget => ({ onEvent: (kind, nowNs) => void log.push(`${nowNs} ${label}${kind}`) });
      s.post(10, t('p'), 1);
      s.schedule(10, t('s'), 2);
      s.postAt(5, t('p'), 3);
      const gone = s.scheduleAt(10, t('x'), 4);
      s.postAt(10, t('p'), 5);
      s.cancel(gone);
      expect(s.run()).toBe(4);
      expect(log).toEqual(['5 p3', '10 p1', '10 s2', '10 p5']);
    });
  }

  it('a self-reposting target runs on a handful of event objects, not one per event', () => {
    const pushed = new Set<SimEvent>();
    const inner = new TinyEventQueue();
    const recording: EventQueue = {
      push: (event) => void (pushed.add(event), inner.push(event)),
      pop: () => inner.pop(),
      peekTimeNs: () => inner.peekTimeNs(),
      peek: () => inner.peek(),
      get length() {
        return inner.length;
      },
    };
    const s = new Scheduler(recording);
    let runs = 0;
    const ticker: EventTarget = {
      onEvent: () => {
        if (++runs < 1000) s.post(7, ticker);
      },
    };
    s.post(0, ticker); // two chains: 0, 7, 14, ... and 3, 10, 17, ...
    s.post(3, ticker);
    s.run();
    expect(runs).toBe(1001);
    expect(s.nowNs).toBe(500 * 7);
    expect(pushed.size).toBe(2);
  });

  it('rejects a time in the past or not an integer, as schedule does', () => {
    const s = new Scheduler();
    const nobody: EventTarget = { onEvent: () => undefined };
    s.run({ untilNs: 100 });
    expect(() => s.postAt(99, nobody)).toThrow(RangeError);
    expect(() => s.post(0.5, nobody)).toThrow(RangeError);
    expect(() => s.post(Infinity, nobody)).toThrow(RangeError);
  });

  it('names the failing handler even after its event object was reused', () => {
    const s = new Scheduler();
    class Failing implements EventTarget {
      onEvent(kind: number): void {
        s.post(1, { onEvent: () => undefined }, 9); // takes over this event's object
        throw new Error(`boom ${kind}`);
      }
    }
    s.post(5, new Failing(), 2);
    expect(() => s.run()).toThrow(SimulationError);
    const again = new Scheduler();
    again.post(5, new Failing(), 2);
    expect(() => again.run()).toThrow(/t=5 ns .* in Failing event 2: boom 2/);
  });
});
