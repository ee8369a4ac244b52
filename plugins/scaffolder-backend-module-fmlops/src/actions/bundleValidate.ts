import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { loadBundleSchema } from '../domain/bundle/bundleSchema';
import { checkBundle } from '../domain/bundle/checkBundle';
import { formatBundleProblems } from '../domain/bundle/problems';
import { examples } from './bundleValidate.examples';

/** @public */
export const BUNDLE_VALIDATE_ACTION_ID = 'fmlops:bundle:validate';

/**
 * Checks the Databricks Asset Bundle the template rendered, before it is published; against the
 * official bundle JSON schema too when `bundleSchemaPath` names it (it cannot ship with fmlops).
 *
 * @public
 */
export function createBundleValidateAction(
  options: { bundleSchemaPath?: string } = {},
) {
  const { bundleSchemaPath } = options;
  if (bundleSchemaPath && !fs.existsSync(bundleSchemaPath)) {
    throw new Error(
      `The Databricks bundle schema ${bundleSchemaPath} (fmlops.scaffolder.bundleSchemaPath or FMLOPS_BUNDLE_SCHEMA) does not exist`,
    );
  }
  return createTemplateAction({
    id: BUNDLE_VALIDATE_ACTION_ID,
    description:
      'Checks a rendered Databricks Asset Bundle: databricks.yml parses, include globs resolve, each file fits the official bundle JSON schema when one is configured, every ${resources...} and ${var...} reference is defined, task dependencies exist, task, notebook and pipeline files exist, serving routes name served entities, and every target has a host and a mode (production ones a root_path).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'Directory of the bundle inside the workspace. Default: the workspace root',
            })
            .optional(),
      },
      output: {
        resources: z =>
          z.record(z.string(), z.array(z.string()), {
            description:
              'Resource keys by type, e.g. { jobs: [tournament, drift], pipelines: [market_data] }',
          }),
        targets: z =>
          z.array(z.string(), { description: 'The bundle targets' }),
      },
    },
    async handler(ctx) {
      const directory = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? '.',
      );
      const report = checkBundle(directory, {
        schema: bundleSchemaPath
          ? loadBundleSchema(bundleSchemaPath)
          : undefined,
      });
      if (report.problems.length > 0) {
        throw new InputError(
          `The Databricks Asset Bundle has ${report.problems.length} problem${
            report.problems.length === 1 ? '' : 's'
          }:\n${formatBundleProblems(report.problems)}`,
        );
      }
      const summary = Object.entries(report.resources)
        .map(([type, keys]) => `${keys.length} ${type}`)
        .join(', ');
      ctx.logger.info(
        `The bundle is consistent: ${
          report.files.length
        } files, ${summary}; targets ${report.targets.join(', ')}; ${
          bundleSchemaPath
            ? `structure checked against ${bundleSchemaPath}`
            : 'no bundle schema configured (fmlops.scaffolder.bundleSchemaPath)'
        }`,
      );
      ctx.output('resources', report.resources);
      ctx.output('targets', report.targets);
    },
  });
}
