// Generates, from src/schema/openapi.yaml (the one source of the fmlops HTTP API):
// - src/schema/openapi.generated.ts: the spec as a const, so the router (createValidatedOpenApiRouter)
//   types every route's params, query, body and response from it;
// - fmlops-common's src/schema/openapi.generated.ts: TypeScript types of every schema, path and
//   operation (openapi-typescript), which the model types and the frontend's client are made of.
// Backstage's `repo-tools package schema openapi generate` needs a Java generator downloaded at run
// time; this keeps the same contract without it.
// Run: yarn workspace @fmlops/backstage-plugin-fmlops-backend generate:openapi
// With --check it writes nothing and fails when a generated file differs from what it would write.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { parse } from 'yaml';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const specFile = join(packageDir, 'src', 'schema', 'openapi.yaml');
const routerSpecFile = join(
  packageDir,
  'src',
  'schema',
  'openapi.generated.ts',
);
const modelTypesFile = join(
  packageDir,
  '..',
  'fmlops-common',
  'src',
  'schema',
  'openapi.generated.ts',
);

const header = `// ******************************************************************
// * THIS IS A GENERATED FILE (fmlops-backend/scripts/generate-openapi.mjs) from
// * fmlops-backend/src/schema/openapi.yaml. DO NOT EDIT.
// ******************************************************************
/* eslint-disable */
`;

async function format(file, source) {
  const options = await prettier.resolveConfig(file);
  return prettier.format(source, { ...options, filepath: file });
}

async function generate() {
  const spec = parse(readFileSync(specFile, 'utf8'));
  const routerSpec = `${header}export const spec = ${JSON.stringify(
    spec,
    null,
    2,
  )} as const;\n`;
  // enumValues: the spec's enums as arrays too, so runtime lists (metrics, operation types) come from it
  // every top-level export is part of fmlops-common's public API (its API report says so)
  const modelTypes = `${header}${astToString(
    await openapiTS(pathToFileURL(specFile), { enumValues: true }),
  ).replace(/^export (interface|type|const) /gm, '/** @public */\nexport $1 ')}`;
  return [
    [routerSpecFile, await format(routerSpecFile, routerSpec)],
    [modelTypesFile, await format(modelTypesFile, modelTypes)],
  ];
}

const check = process.argv.includes('--check');
const stale = [];
for (const [file, contents] of await generate()) {
  let current;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === contents) {
    continue;
  }
  if (check) {
    stale.push(relative(process.cwd(), file));
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}
if (stale.length > 0) {
  console.error(
    `Out of date with openapi.yaml (run yarn generate:openapi): ${stale.join(
      ', ',
    )}`,
  );
  process.exit(1);
}
