/**
 * Writes src/domain/values/templateValues.schema.json: the rules of the anomaly-detection-pipeline
 * template's form (its `parameters`), which fmlops:pipeline:validate enforces at run time, where the
 * template's repository is not at hand. A test fails while the file and template.yaml disagree.
 * Usage: yarn generate:values-schema
 */
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { parse } from 'yaml';
import { valuesSchemaOfTemplate } from '../src/domain/values/templateValuesSchema';

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/anomaly-detection-pipeline/template.yaml',
);
const OUT = path.resolve(
  __dirname,
  '../src/domain/values/templateValues.schema.json',
);

async function main() {
  const schema = valuesSchemaOfTemplate(
    parse(fs.readFileSync(TEMPLATE, 'utf8')),
  );
  const json = JSON.stringify(
    {
      $comment:
        'Generated from templates/anomaly-detection-pipeline/template.yaml by `yarn generate:values-schema`; do not edit.',
      ...schema,
    },
    null,
    2,
  );
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  fs.writeFileSync(OUT, prettier.format(json, { ...options, parser: 'json' }));
  process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
