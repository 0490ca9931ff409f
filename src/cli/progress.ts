import { formatDurationNs } from '../core/units.ts';

/** Where a run or sweep stands; every field but `share` is optional. */
export interface ProgressState {
  /** Share of the whole work done, 0..1. */
  share: number;
  /** Events processed so far, over every run of the command. */
  events?: number;
  /** Simulated time reached in the current run, ns. */
  simulatedNs?: number;
  /** Simulated time at which the current run ends, ns. */
  endNs?: number;
  /** Runs finished so far. */
  runsDone?: number;
  /** Runs planned. */
  runs?: number;
}

/** A progress reporter for stderr. */
export interface Progress {
  update(state: ProgressState): void;
  /** Writes one whole line (a run's headline) without mixing it into the bar. */
  log(line: string): void;
  /** Removes the bar; later output starts on a clean line. */
  stop(): void;
}

/** The stream progress goes to, with a clock; tests pass their own. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /** Milliseconds on a monotonic clock. */
  nowMs?: () => number;
}

/** Off a terminal, a plain progress line is printed this often, ms (CI and cluster logs stay alive). */
export const PLAIN_INTERVAL_MS = 10_000;
/** On a terminal, the bar is redrawn at most this often, ms. */
const BAR_REDRAW_MS = 100;
/** Before this much wall time and some progress, the ETA is unknown rather than a guess, ms. */
const ETA_MIN_ELAPSED_MS = 1_000;
const BAR_WIDTH = 24;

/**
 * Makes the progress reporter of a command: a bar on a terminal, a plain line every
 * {@link PLAIN_INTERVAL_MS} otherwise, nothing when quiet (then `log` is silent too).
 */
export function makeProgress(label: string, quiet: boolean, output: ProgressOutput = process.stderr): Progress {
  if (quiet) return { update: () => undefined, log: () => undefined, stop: () => undefined };
  const nowMs = output.nowMs ?? (() => performance.now());
  const startMs = nowMs();
  return output.isTTY ? new TerminalBar(label, output, nowMs, startMs) : new PlainLines(label, output, nowMs, startMs);
}

class TerminalBar implements Progress {
  private state: ProgressState = { share: 0 };
  private drawn = false;
  private stopped = false;
  private lastDrawMs = -Infinity;

  constructor(
    private readonly label: string,
    private readonly output: ProgressOutput,
    private readonly nowMs: () => number,
    private readonly startMs: number,
  ) {}

  update(state: ProgressState): void {
    this.state = state;
    const now = this.nowMs();
    if (!this.stopped && now - this.lastDrawMs >= BAR_REDRAW_MS) this.draw(now);
  }

  log(line: string): void {
    this.output.write(`${this.drawn ? '\r\x1b[K' : ''}${line}\n`);
    this.drawn = false;
    if (!this.stopped) this.draw(this.nowMs());
  }

  stop(): void {
    if (this.drawn) this.output.write('\r\x1b[K');
    this.drawn = false;
    this.stopped = true;
  }

  private draw(now: number): void {
    this.lastDrawMs = now;
    const filled = Math.round(Math.min(1, Math.max(0, this.state.share)) * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const text = [`${this.label} [${bar}] ${percent(this.state.share)}`, ...details(this.state, now - this.startMs)].join(' | ');
    // A line wider than the terminal would wrap, and `\r` would then redraw only its last part.
    const width = Math.max(20, (this.output.columns || 80) - 1);
    this.output.write(`\r${[...text].slice(0, width).join('')}\x1b[K`);
    this.drawn = true;
  }
}

class PlainLines implements Progress {
  private lastPrintMs: number;

  constructor(
    private readonly label: string,
    private readonly output: ProgressOutput,
    private readonly nowMs: () => number,
    private readonly startMs: number,
  ) {
    this.lastPrintMs = startMs;
  }

  update(state: ProgressState): void {
    const now = this.nowMs();
    if (now - this.lastPrintMs < PLAIN_INTERVAL_MS) return;
    this.lastPrintMs = now;
    this.output.write(`${this.label}: ${[`${percent(state.share)} done`, ...details(state, now - this.startMs)].join(', ')}\n`);
  }

  log(line: string): void {
    this.output.write(`${line}\n`);
  }

  stop(): void {}
}

function percent(share: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, share)) * 100)}%`;
}

/** The parts after the share: runs, simulated time, events and their rate, ETA. */
function details(state: ProgressState, elapsedMs: number): string[] {
  const parts: string[] = [];
  if (state.runs !== undefined && state.runs > 1) parts.push(`${state.runsDone ?? 0} of ${state.runs} runs`);
  if (state.simulatedNs !== undefined && state.endNs !== undefined) parts.push(`${formatDurationNs(state.simulatedNs)} of ${formatDurationNs(state.endNs)} simulated`);
  if (state.events !== undefined) parts.push(`${state.events} events (${formatRate(state.events, elapsedMs)} events/s)`);
  parts.push(`ETA ${formatEta(state.share, elapsedMs)}`);
  return parts;
}

function formatRate(events: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '?';
  const perSecond = (events * 1000) / elapsedMs;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return perSecond.toFixed(0);
}

/**
 * The remaining wall time, extrapolated from the share done so far; `unknown` until there is
 * progress and at least a second of history, so a fresh or stalled run never claims `0 s`.
 */
export function formatEta(share: number, elapsedMs: number): string {
  if (share >= 1) return 'done';
  if (share <= 0 || elapsedMs < ETA_MIN_ELAPSED_MS) return 'unknown';
  const remainingS = Math.ceil((elapsedMs * (1 - share)) / share / 1000);
  if (remainingS < 60) return `${remainingS} s`;
  const minutes = Math.floor(remainingS / 60);
  if (minutes < 60) return `${minutes} min ${remainingS % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One line of progress on stderr, only on a terminal, replacing the line before (empty clears it). */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}
