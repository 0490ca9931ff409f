import { parentPort } from 'node:worker_threads';
import { type JobInput, runJob } from './job.ts';

/** Answers each job message with `{ ok, result }` or `{ ok: false, error }`. */
parentPort?.on('message', (input: JobInput) => {
  runJob(input).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort?.postMessage({ ok: false, error: { name: e.name, message: e.message } });
    },
  );
});
