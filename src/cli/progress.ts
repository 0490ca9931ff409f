import cliProgress from 'cli-progress';

/** A progress reporter: a bar with ETA on stderr when it is a terminal, nothing otherwise. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** Makes a progress bar for `label`, or a silent reporter when quiet or stderr is not a TTY. */
export function makeProgress(label: string, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0);
  return {
    update: (done) => bar.update(Math.round(done * 100)),
    stop: () => bar.stop(),
  };
}
