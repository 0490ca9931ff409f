import { Worker } from 'node:worker_threads';
import type { RunResult } from '../scenario/run.ts';
import { UsageError } from '../scenario/usage-error.ts';
import { type JobInput, runJob } from './job.ts';

/**
 * The script a worker thread starts: the compiled worker.js beside this file, or, when this file
 * is the TypeScript source (tests and benchmarks run src/ through tsx or vitest), worker-entry.js,
 * which registers tsx and then loads worker.ts.
 */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker-entry.js' : './worker.js', import.meta.url);

/** Options of {@link runJobs}. */
export interface PoolOptions {
  /** Worker threads; 1 runs every job in this thread. */
  threads: number;
  /** Called after each finished job with the number done. */
  onDone?: (done: number) => void;
  /** Polled between jobs and every 100 ms; true stops the pool, ending the workers' running jobs. */
  shouldStop?: () => boolean;
}

/** How often a running pool checks `shouldStop`, ms. */
const STOP_POLL_MS = 100;

/** Raised when the pool was stopped before every job ran. */
export class PoolStopped extends Error {
  override name = 'PoolStopped';
}

/**
 * Runs jobs on `threads` threads and returns their results in job order, so the output is the
 * same whatever the number of threads. This thread is one of them (it is warm and costs no
 * start-up); the others are worker threads, each of which takes about half a second to load
 * the sources. A job that fails fails the whole run.
 */
export async function runJobs(inputs: readonly JobInput[], options: PoolOptions): Promise<RunResult[]> {
  const results = new Array<RunResult>(inputs.length);
  let done = 0;
  if (options.threads <= 1 || inputs.length <= 1) {
    for (const [i, input] of inputs.entries()) {
      if (options.shouldStop?.()) throw new PoolStopped('stopped');
      results[i] = await runJob(input, () => options.shouldStop?.() ?? false);
      options.onDone?.(++done);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }
  let next = 0;
  const workers = Array.from({ length: Math.min(options.threads, inputs.length) - 1 }, () => new Worker(WORKER_URL));
  const stop = () => options.shouldStop?.() ?? false;
  /** Takes jobs until none is left, running each with `run`. */
  const drain = async (run: (input: JobInput) => Promise<RunResult>) => {
    while (next < inputs.length) {
      if (stop()) throw new PoolStopped('stopped');
      const i = next++;
      results[i] = await run(inputs[i] as JobInput);
      options.onDone?.(++done);
    }
  };
  // A stop ends the workers' runs at once (they wrote nothing), so a Ctrl-C does not wait for them.
  let stopped = false;
  const watch = setInterval(() => {
    if (!stop()) return;
    stopped = true;
    clearInterval(watch);
    for (const w of workers) void w.terminate();
  }, STOP_POLL_MS);
  try {
    // This thread's runs yield now and then, so replies from the workers are not held up.
    await Promise.all([drain((input) => runJob(input, stop)), ...workers.map((worker) => drain((input) => runOn(worker, input)))]);
  } catch (error) {
    if (stopped || stop()) throw new PoolStopped('stopped');
    throw error;
  } finally {
    clearInterval(watch);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function runOn(worker: Worker, input: JobInput): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: { ok: boolean; result?: RunResult; error?: { name: string; message: string } }) => {
      done();
      if (message.ok) resolve(message.result as RunResult);
      else reject(rebuildError(message.error ?? { name: 'Error', message: 'unknown error' }));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`a sweep worker stopped (exit code ${code}) before finishing its job`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(input);
  });
}

/** An error from a worker as the thread that asked would have thrown it, so exit codes match. */
function rebuildError(e: { name: string; message: string }): Error {
  if (e.name === 'UsageError') return new UsageError(e.message);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}
