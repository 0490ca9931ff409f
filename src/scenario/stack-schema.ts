import * as z from 'zod';
import { durationNs, name } from './fields.ts';
import { updateConfigSchema } from './schema-service-deploy.ts';

/**
 * The part of a Docker stack (compose) file the simulator reads. Objects are not strict: a key
 * the simulator does not use is dropped here and listed in a note (see stack-ignored.ts), never
 * an error, since a real stack file is full of them (image, environment, volumes...). Values
 * keep the form they were written in (durations stay strings), so the importer can write them
 * into a scenario's fields, whose schema then converts them.
 */

type TransformContext = Parameters<Parameters<z.ZodUnknown['transform']>[0]>[1];

/** Parses `value` with `schema`: its output, or `z.NEVER` with `schema`'s issues reported as the field's own. */
function parsedOrIssues<T>(schema: z.ZodType<T>, value: unknown, ctx: TransformContext): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
}

/** Reports `schema`'s issues as this field's own, and keeps the value as written when it passes. */
function checkedBy(schema: z.ZodType) {
  return z.unknown().transform((value, ctx) => (parsedOrIssues(schema, value, ctx) === z.NEVER ? z.NEVER : value));
}

const portNumber = z.int().min(1).max(65535);

/** A port number, or a string of digits (compose accepts `published: "8080"`). */
const portValue = z
  .union([portNumber, z.string().regex(/^\d{1,5}$/).transform(Number).pipe(portNumber)], { error: 'expected a port number from 1 to 65535' });

/** `published:target` with an optional `/tcp` or `/udp`, as compose's short port syntax. */
const SHORT_PORT = /^(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/;

/** The short port form, read into the long one. */
const shortPort = z
  .union([z.string(), z.number()], { error: 'expected "published:target" such as "8080:80", or a mapping { target, published, protocol, mode }' })
  .transform((value, ctx): StackLongPort => {
    const text = String(value);
    const match = SHORT_PORT.exec(text);
    if (match === null) {
      const message = /^\d+(\/\w+)?$/.test(text)
        ? `a port with no published side gets a random port from Docker, which the simulator cannot know; write published:target such as "8080:${text}"`
        : 'expected "published:target" such as "8080:80" or "8080:80/udp" (host addresses and port ranges are not modelled)';
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    const [published, target] = [Number(match[1]), Number(match[2])];
    const outOfRange = [published, target].filter((port) => port < 1 || port > 65535);
    for (const port of outOfRange) ctx.addIssue({ code: 'custom', message: `port ${port} is out of range; expected 1 to 65535` });
    if (outOfRange.length > 0) return z.NEVER;
    const protocol = match[3] as 'tcp' | 'udp' | undefined;
    return { published, target, ...(protocol === undefined ? {} : { protocol }) };
  });

const longPort = z.object({
  target: portNumber,
  published: portValue,
  protocol: z.enum(['tcp', 'udp']).optional(),
  mode: z.enum(['ingress', 'host']).optional(),
});
export type StackLongPort = z.output<typeof longPort>;

/** One entry of `ports`, the short string (or number) form or the long mapping, as the long mapping. */
const portEntry = z
  .unknown()
  .transform((value, ctx): StackLongPort => parsedOrIssues<StackLongPort>(value !== null && typeof value === 'object' && !Array.isArray(value) ? longPort : shortPort, value, ctx));

const deploySchema = z.object({
  mode: z.enum(['replicated', 'global']).optional(),
  replicas: z.int().min(0).max(100_000).optional(),
  endpoint_mode: z.enum(['vip', 'dnsrr']).optional(),
  placement: z.object({ constraints: z.array(z.string()).optional() }).optional(),
  update_config: z
    .object({
      parallelism: updateConfigSchema.shape.parallelism.optional(),
      delay: checkedBy(durationNs).optional(),
      order: updateConfigSchema.shape.order.optional(),
    })
    .optional(),
});

/** A service's networks: a list of names, or a mapping of name to options (aliases... not used). */
const serviceNetworks = z.union([z.array(name), z.record(name, z.object({}).nullable())], {
  error: 'expected a list of network names, or a mapping of network name to its options',
});

const stackServiceSchema = z.object({
  deploy: deploySchema.optional(),
  ports: z.array(portEntry).optional(),
  networks: serviceNetworks.optional(),
});
export type StackService = z.output<typeof stackServiceSchema>;

/** libnetwork's overlay driver option for the network's MTU (netlabel.DriverMTU), parsed as an integer. */
export const MTU_OPTION = 'com.docker.network.driver.mtu';

const stackNetworkSchema = z.object({
  driver: z.literal('overlay', { error: 'the simulator models swarm overlay networks; expected overlay (the default in a stack)' }).optional(),
  driver_opts: z
    .object({
      encrypted: z.unknown().optional(),
      [MTU_OPTION]: z
        .union([z.int(), z.string().regex(/^\d+$/).transform(Number)], { error: 'expected an MTU in bytes such as "1450"' })
        .pipe(z.int().min(68).max(65535))
        .optional(),
    })
    .optional(),
  ipam: z
    .object({
      config: z
        .array(z.object({ subnet: z.string().optional() }))
        .max(1, 'the simulator gives a network one subnet; expected at most one ipam.config entry')
        .optional(),
    })
    .optional(),
  attachable: z.boolean().optional(),
  external: z.boolean({ error: 'expected true or false (external: true uses a network the scenario defines)' }).optional(),
});
export type StackNetwork = z.output<typeof stackNetworkSchema>;

export const stackSchema = z.object({
  services: z.record(name, stackServiceSchema.nullable()).optional(),
  networks: z.record(name, stackNetworkSchema.nullable()).optional(),
});
export type StackConfig = z.output<typeof stackSchema>;
