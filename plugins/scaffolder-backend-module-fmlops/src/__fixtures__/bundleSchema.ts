import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small schema for the tests, written in the style of the official Databricks bundle schema
 * (which fmlops may not ship): almost every value is `oneOf` itself or a `${...}` substitution
 * matched with `\p{L}`, objects allow no unknown keys, and a task requires its task_key.
 */
const substitution = (prefix: string) => ({
  type: 'string',
  pattern: `\\$\\{(${prefix}(\\.\\p{L}+([-_]*[\\p{L}\\p{N}]+)*(\\[[0-9]+\\])*)+)\\}`,
});
const orSubstitution = (schema: object) => ({
  oneOf: [schema, substitution('var')],
});
const closed = (properties: object, required: string[] = []) =>
  orSubstitution({
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  });
const integer = {
  oneOf: [{ type: 'integer' }, substitution('resources'), substitution('var')],
};

const task = closed(
  {
    task_key: { type: 'string' },
    depends_on: orSubstitution({
      type: 'array',
      items: closed({ task_key: { type: 'string' } }),
    }),
    notebook_task: closed({
      notebook_path: { type: 'string' },
      source: orSubstitution({ type: 'string', enum: ['WORKSPACE', 'GIT'] }),
    }),
    spark_python_task: closed({
      python_file: { type: 'string' },
      parameters: { type: 'array', items: { type: 'string' } },
    }),
    run_job_task: closed({ job_id: integer }),
  },
  ['task_key'],
);
const job = closed({
  name: { type: 'string' },
  max_concurrent_runs: integer,
  tasks: orSubstitution({ type: 'array', items: task }),
});

export const BUNDLE_SCHEMA_FIXTURE = {
  type: 'object',
  properties: {
    resources: orSubstitution({
      type: 'object',
      properties: {
        jobs: orSubstitution({ type: 'object', additionalProperties: job }),
      },
    }),
  },
};

/** Writes the schema to a new temporary file and returns its path. */
export function writeBundleSchemaFixture(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-schema-'));
  const file = path.join(directory, 'bundle.schema.json');
  fs.writeFileSync(file, JSON.stringify(BUNDLE_SCHEMA_FIXTURE));
  return file;
}
