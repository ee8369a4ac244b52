/** A JSON schema object, as written in a template's `parameters`. */
export type JsonSchema = { [keyword: string]: unknown };

// Keys that describe a field for the form but do not constrain its value.
const ANNOTATIONS = new Set([
  '$comment',
  'title',
  'description',
  'default',
  'examples',
]);
// Keywords whose value is a map of names to schemas, or a list of schemas.
const SCHEMA_MAPS = ['properties', 'dependencies'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/**
 * The rules a template's form enforces on its values, as one JSON schema. The scaffolder checks the
 * values against every step of `spec.parameters`, so the schema is their `allOf`; form-only keys
 * (`ui:*`) and annotations (title, description, default) are left out, so that only rules remain.
 */
export function valuesSchemaOfTemplate(template: unknown): JsonSchema {
  const parameters = (template as { spec?: { parameters?: unknown } })?.spec
    ?.parameters;
  if (parameters === undefined) {
    throw new Error('the template has no spec.parameters');
  }
  const steps = Array.isArray(parameters) ? parameters : [parameters];
  return { type: 'object', allOf: steps.map(rulesOf) };
}

function rulesOf(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return schema; // a list of required names in `dependencies`, or a boolean schema
  }
  const rules: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('ui:') || ANNOTATIONS.has(keyword)) continue;
    if (SCHEMA_MAPS.includes(keyword) && value && typeof value === 'object') {
      rules[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, rulesOf(sub)]),
      );
    } else if (SCHEMA_LISTS.includes(keyword) && Array.isArray(value)) {
      rules[keyword] = value.map(rulesOf);
    } else if (['items', 'not', 'if', 'then', 'else'].includes(keyword)) {
      rules[keyword] = rulesOf(value);
    } else {
      rules[keyword] = value;
    }
  }
  return rules;
}

/**
 * The dotted paths of the form's fields in the order the form shows them, e.g. `name`, …,
 * `gate.minPrAuc`, …, `repoUrl`.
 */
export function formFieldOrder(schema: JsonSchema): string[] {
  const order: string[] = [];
  const visit = (node: unknown, prefix: string) => {
    if (node === null || typeof node !== 'object') return;
    const s = node as JsonSchema;
    for (const sub of SCHEMA_LISTS.flatMap(k =>
      Array.isArray(s[k]) ? (s[k] as unknown[]) : [],
    )) {
      visit(sub, prefix);
    }
    for (const [name, sub] of Object.entries(
      (s.properties as JsonSchema) ?? {},
    )) {
      const field = `${prefix}${name}`;
      if (!order.includes(field)) order.push(field);
      visit(sub, `${field}.`);
    }
    for (const sub of Object.values((s.dependencies as JsonSchema) ?? {})) {
      visit(sub, prefix);
    }
  };
  visit(schema, '');
  return order;
}
