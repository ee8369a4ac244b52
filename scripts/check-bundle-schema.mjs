// Validates a rendered bundle (databricks.yml with its included resources merged) against the
// official bundle JSON schema. Usage: node scripts/check-bundle-schema.mjs <project dir> <schema.json>
import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const [dir, schemaPath] = process.argv.slice(2);
const bundle = parse(readFileSync(join(dir, 'databricks.yml'), 'utf8'));
for (const file of readdirSync(join(dir, 'resources'))
  .filter(f => /\.ya?ml$/.test(f))
  .sort()) {
  const part = parse(readFileSync(join(dir, 'resources', file), 'utf8')) ?? {};
  for (const [kind, items] of Object.entries(part.resources ?? {})) {
    bundle.resources ??= {};
    bundle.resources[kind] = { ...(bundle.resources[kind] ?? {}), ...items };
  }
}
// the schema matches ${var.x} with \p{L}: Unicode regexps are required
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
if (!validate(bundle)) {
  for (const e of validate.errors.slice(0, 30))
    console.error(`${e.instancePath || '/'} ${e.message}`);
  process.exit(1);
}
console.log(`bundle ${bundle.bundle?.name} is valid against ${schemaPath}`);
