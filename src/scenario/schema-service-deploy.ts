import * as z from 'zod';
import { durationNs } from './fields.ts';

/**
 * A published port of a service, as in a stack file's long `ports` syntax. With `ingress`
 * (Docker's default) every node accepts the port and its ingress sandbox balances over all the
 * service's tasks; with `host` only the tasks on the node that received the request answer.
 */
export const publishedPortSchema = z.strictObject({
  published: z.int().min(1).max(65535).describe('Port external clients send to on every node'),
  target: z.int().min(1).max(65535).describe("Port inside the service's tasks"),
  protocol: z.enum(['tcp', 'udp']).default('tcp').describe('tcp or udp (default tcp)'),
  mode: z.enum(['ingress', 'host']).default('ingress').describe('ingress (the routing mesh, default) or host (only local tasks answer)'),
});
export type PublishedPortConfig = z.output<typeof publishedPortSchema>;

/**
 * How a rolling update replaces the service's tasks, as a stack file's `deploy.update_config`:
 * `parallelism` tasks at a time, `delay` between batches.
 */
export const updateConfigSchema = z.strictObject({
  parallelism: z.int().min(0).max(100_000).default(1).describe('Tasks replaced at once; 0 replaces all at once (default 1)'),
  delay: durationNs.default(0).describe('Wait between batches, e.g. 10s (default 0s)'),
  order: z.enum(['stop-first', 'start-first']).default('stop-first').describe('stop-first (default) or start-first'),
});
export type UpdateConfig = z.output<typeof updateConfigSchema>;
