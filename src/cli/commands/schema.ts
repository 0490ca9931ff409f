import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { scenarioSchema } from '../../scenario/schema.ts';
import { ExitCode } from '../exit-codes.ts';

export { SCHEMA_PATH } from '../schema-path.ts';

/** The JSON Schema (draft 7) of scenario files, as editors read it. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title: 'overlaysim scenario', ...schema }, null, 2)}\n`;
}

/** `overlaysim schema [--out FILE]`: writes the JSON Schema (`-` for stdout). */
export function schemaCommand(options: { out: string }): number {
  const text = scenarioJsonSchema();
  if (options.out === '-') process.stdout.write(text);
  else {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    process.stderr.write(`wrote ${options.out}\n`);
  }
  return ExitCode.Ok;
}
