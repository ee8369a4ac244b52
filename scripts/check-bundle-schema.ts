/**
 * Checks a rendered bundle as fmlops:bundle:validate does with the official bundle JSON schema
 * configured: each configuration file against the schema, then the module's own checks.
 * Usage: node --require @backstage/cli/config/nodeTransform.cjs scripts/check-bundle-schema.ts <project dir> <schema.json>
 */
import {
  checkBundle,
  formatBundleProblems,
  loadBundleSchema,
} from '@fmlops/backstage-plugin-scaffolder-backend-module-fmlops';

const [dir, schemaPath] = process.argv.slice(2);
if (!dir || !schemaPath) {
  process.stderr.write(
    'usage: check-bundle-schema.ts <project dir> <schema.json>\n',
  );
  process.exit(2);
}
const report = checkBundle(dir, { schema: loadBundleSchema(schemaPath) });
if (report.problems.length > 0) {
  process.stderr.write(`${formatBundleProblems(report.problems)}\n`);
  process.exit(1);
}
process.stdout.write(
  `bundle in ${dir} (${report.files.length} files) is valid against ${schemaPath}\n`,
);
