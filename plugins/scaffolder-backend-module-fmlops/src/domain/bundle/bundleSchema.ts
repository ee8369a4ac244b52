import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import type { ConfigFile } from './configFiles';
import type { ReportProblem } from './problems';

/**
 * A compiled JSON schema of bundle configuration files.
 *
 * @public
 */
export type BundleSchema = ValidateFunction;

const compiled = new Map<string, BundleSchema>();

/**
 * The official JSON schema of Databricks bundle configuration (databricks/cli's, from
 * `databricks bundle schema`) at `path`, compiled once per path: compiling it takes a second or two.
 *
 * @public
 */
export function loadBundleSchema(path: string): BundleSchema {
  let schema = compiled.get(path);
  if (!schema) {
    schema = new Ajv({
      // the schema carries editor hints (markdownDescription, deprecationMessage, …)
      strict: false,
      allErrors: true,
      // it matches ${var.x} substitutions with \p{L}: Unicode regular expressions are required
      unicodeRegExp: true,
      verbose: true,
    }).compile(JSON.parse(fs.readFileSync(path, 'utf8')));
    compiled.set(path, schema);
  }
  return schema;
}

/**
 * Checks every configuration file on its own against the schema, as an editor does: keys the
 * schema does not know, values of the wrong type, missing required keys, values outside an enum.
 */
export function checkAgainstSchema(
  files: readonly ConfigFile[],
  schema: BundleSchema,
  report: ReportProblem,
) {
  for (const file of files) {
    if (schema(file.content)) continue;
    for (const error of readableErrors(schema.errors ?? [])) {
      const at = placeOf(error.instancePath);
      if (error.keyword === 'additionalProperties') {
        report(
          file.name,
          at,
          `has unknown key "${error.params.additionalProperty}" (not in the Databricks bundle schema)`,
        );
      } else {
        report(file.name, at, messageOf(error));
      }
    }
  }
}

/** A `oneOf` branch that accepts a `${...}` substitution instead of the value itself. */
const isSubstitution = (schema: unknown) =>
  typeof (schema as { pattern?: unknown })?.pattern === 'string' &&
  (schema as { pattern: string }).pattern.startsWith('\\$\\{');

/**
 * The schema lets almost every value be either itself or a `${...}` substitution (a `oneOf`), so a
 * wrong value fails every branch. Keep what the author meant: the errors of the branch whose type
 * matches the value, or else one message naming the accepted types.
 */
function readableErrors(errors: ErrorObject[]): ErrorObject[] {
  const meaningful = errors.filter(e => !isSubstitution(e.parentSchema));
  const oneOfPaths = new Set(
    meaningful.filter(e => e.keyword === 'oneOf').map(e => e.instancePath),
  );
  // a deeper error, or one at the same place that is not a branch of another type, says more
  const explained = (oneOf: ErrorObject) =>
    meaningful.some(
      e =>
        e.instancePath.startsWith(`${oneOf.instancePath}/`) ||
        (e.instancePath === oneOf.instancePath &&
          !['oneOf', 'type'].includes(e.keyword)),
    );
  return meaningful.filter(e => {
    // a branch of another type than the value's
    if (e.keyword === 'type' && oneOfPaths.has(e.instancePath)) return false;
    return e.keyword !== 'oneOf' || !explained(e);
  });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function messageOf(error: ErrorObject): string {
  const got = `got ${describe(error.data)}`;
  switch (error.keyword) {
    case 'required':
      return `has no ${error.params.missingProperty}`;
    case 'type':
      return `must be ${typeName(error.params.type)}, ${got}`;
    case 'enum':
      return `must be one of ${error.params.allowedValues.join(', ')}, ${got}`;
    case 'oneOf': {
      const types = (error.schema as unknown[])
        .filter(branch => !isSubstitution(branch))
        .map(branch => typeName((branch as { type?: unknown }).type));
      return `must be ${[...new Set(types)].join(
        ' or ',
      )} or a \${...} substitution, ${got}`;
    }
    default:
      return `${error.message ?? `breaks the rule ${error.keyword}`}, ${got}`;
  }
}

function typeName(type: unknown): string {
  return [type]
    .flat()
    .map(t => TYPE_NAMES[String(t)] ?? String(t))
    .join(' or ');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `/resources/jobs/a/tasks/0` as `resources.jobs.a.tasks[0]`, the places the other checks report. */
function placeOf(instancePath: string): string {
  let at = '';
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) at += `[${key}]`;
    else at += at ? `.${key}` : key;
  }
  return at;
}
