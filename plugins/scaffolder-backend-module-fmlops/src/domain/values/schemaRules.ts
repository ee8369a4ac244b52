import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { explainEnum, explainPattern } from './fieldMessages';
import { describe, type ValueProblem } from './problems';
import templateValuesSchema from './templateValues.schema.json';

/**
 * The per-field rules of the template's form (types, required fields, ranges, lengths, patterns,
 * enumerations), checked with the form's own JSON schema and worded for the person filling it in.
 */

export interface SchemaRuleOptions {
  /** values a field accepts beyond its `enum`, e.g. workspace aliases configured in the portal */
  enumExtensions?: Record<string, readonly string[]>;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // each parameters step is a schema without `type: object`, as the form writes them
  compiled ??= new Ajv({
    allErrors: true,
    verbose: true,
    strictTypes: false,
  }).compile(templateValuesSchema);
  return compiled;
}

/** The problems of `values` against the template's schema, one or more per field. */
export function schemaProblems(
  values: unknown,
  options: SchemaRuleOptions = {},
): ValueProblem[] {
  const validate = validator();
  if (validate(values)) return [];
  const byField = new Map<string, ErrorObject[]>();
  for (const error of errorsOfChosenBranches(validate.errors ?? [])) {
    const field = fieldOf(error);
    const extension = options.enumExtensions?.[field] ?? [];
    if (error.keyword === 'enum' && extension.includes(error.data as string))
      continue;
    byField.set(field, [...(byField.get(field) ?? []), error]);
  }
  return [...byField].flatMap(([field, errors]) =>
    fieldMessages(field, errors, options).map(message => ({
      field: field || 'values',
      message,
    })),
  );
}

/**
 * A failed `oneOf` reports the errors of every branch. The template chooses a branch by a `const`
 * (publishTarget github asks for repoUrl, local does not): only the errors of branches whose
 * `const` holds are the user's to fix.
 */
function errorsOfChosenBranches(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors
    .filter(e => e.keyword === 'oneOf')
    .map(e => `${e.schemaPath}/`);
  const branchOf = (error: ErrorObject) => {
    const oneOf = oneOfs.find(path => error.schemaPath.startsWith(path));
    return oneOf && oneOf + error.schemaPath.slice(oneOf.length).split('/')[0];
  };
  const notChosen = new Set(
    errors.filter(e => e.keyword === 'const').map(branchOf),
  );
  return errors.filter(e => {
    const branch = branchOf(e);
    return e.keyword !== 'oneOf' && !(branch && notChosen.has(branch));
  });
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') path.push(error.params.missingProperty);
  return path.join('.');
}

function fieldMessages(
  field: string,
  errors: ErrorObject[],
  options: SchemaRuleOptions,
): string[] {
  // a value of the wrong type has no other problem worth reading
  const typeError = errors.find(e => e.keyword === 'type');
  if (typeError) return [typeMessage(typeError)];
  const messages = new Set<string>();
  for (const error of errors) {
    for (const message of messagesOf(field, error, options)) {
      messages.add(message);
    }
  }
  return [...messages];
}

function messagesOf(
  field: string,
  error: ErrorObject,
  options: SchemaRuleOptions,
): string[] {
  const { data, parentSchema = {} } = error;
  switch (error.keyword) {
    case 'required':
      return ['is required'];
    case 'enum':
      return [
        explainEnum(field, data, [
          ...new Set([
            ...error.params.allowedValues,
            ...(options.enumExtensions?.[field] ?? []),
          ]),
        ]),
      ];
    case 'pattern':
      return explainPattern(field, data as string, error.params.pattern);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [rangeMessage(parentSchema, data as number)];
    case 'minLength':
    case 'maxLength':
      return [
        `must be ${bounds(
          parentSchema.minLength,
          parentSchema.maxLength,
        )} characters long, got ${(data as string).length}`,
      ];
    case 'minItems':
    case 'maxItems':
      return [
        `must have ${
          parentSchema.minItems === 1 && parentSchema.maxItems === undefined
            ? 'at least one entry'
            : `${bounds(parentSchema.minItems, parentSchema.maxItems)} entries`
        }, got ${(data as unknown[]).length}`,
      ];
    case 'uniqueItems':
      return [
        `lists ${JSON.stringify(
          (data as unknown[])[error.params.j],
        )} more than once`,
      ];
    default:
      return [error.message ?? `breaks the rule ${error.keyword}`];
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function typeMessage({ params, data }: ErrorObject): string {
  const expected = String(params.type);
  const got =
    expected === 'integer' && typeof data === 'number'
      ? String(data)
      : describe(data);
  return `must be ${TYPE_NAMES[expected] ?? expected}, got ${got}`;
}

function rangeMessage(schema: Record<string, any>, value: number): string {
  const lower =
    schema.minimum !== undefined
      ? `at least ${schema.minimum}`
      : schema.exclusiveMinimum !== undefined &&
        `above ${schema.exclusiveMinimum}`;
  const upper =
    schema.maximum !== undefined
      ? `at most ${schema.maximum}`
      : schema.exclusiveMaximum !== undefined &&
        `below ${schema.exclusiveMaximum}`;
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? `between ${schema.minimum} and ${schema.maximum}`
      : [lower, upper].filter(Boolean).join(' and ');
  return `must be ${range}, got ${value}`;
}

function bounds(min: number | undefined, max: number | undefined): string {
  if (min === undefined) return `at most ${max}`;
  if (max === undefined) return `at least ${min}`;
  return `${min} to ${max}`;
}
