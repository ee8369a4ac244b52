// Generates src/schema/openapi.generated.ts from src/schema/openapi.yaml: the spec as a const, so the
// router (createValidatedOpenApiRouter) types every route's params, query, body and response from it.
// Backstage's `repo-tools package schema openapi generate` needs a Java generator downloaded at run
// time; this keeps the same contract without it. Run: yarn workspace @fmlops/backstage-plugin-fmlops-backend generate:openapi
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'schema');
const spec = parse(readFileSync(join(dir, 'openapi.yaml'), 'utf8'));
writeFileSync(
  join(dir, 'openapi.generated.ts'),
  `// ******************************************************************
// * THIS IS A GENERATED FILE (scripts/generate-openapi.mjs). DO NOT EDIT. *
// ******************************************************************
export const spec = ${JSON.stringify(spec, null, 2)} as const;
`,
);
