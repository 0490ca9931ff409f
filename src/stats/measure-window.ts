import type { Scheduler } from '../core/scheduler.ts';

/** A measurement window, ns: the figures it covers count what happens in [fromNs, toNs). */
export interface MeasureWindow {
  fromNs: number;
  toNs: number;
}

/** No window: everything counts. */
export const WHOLE_RUN: MeasureWindow = { fromNs: -Infinity, toNs: Infinity };

/** Whether `timeNs` falls inside the window. */
export function inWindow(w: MeasureWindow, timeNs: number): boolean {
  return timeNs >= w.fromNs && timeNs < w.toNs;
}

/**
 * Calls `snapshot` once at `timeNs` through the scheduler (a statistic taking its counters at a
 * window's edge), or never when that is at or after `endNs`, the end of the run, where the
 * statistic reads its counters anyway.
 */
export function snapshotAt(scheduler: Scheduler, timeNs: number, endNs: number, snapshot: (nowNs: number) => void): void {
  if (timeNs >= endNs || timeNs === -Infinity) return;
  scheduler.postAt(Math.max(timeNs, scheduler.nowNs), { onEvent: (_kind: number, nowNs: number) => snapshot(nowNs) });
}
