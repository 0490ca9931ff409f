/** Where the editor schema lives; every shipped scenario points at it. */
export const SCHEMA_PATH = 'schema/scenario.schema.json';
