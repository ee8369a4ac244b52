import type { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pipelineValueProblems } from '../domain/values/pipelineValues';
import { formatProblems } from '../domain/values/problems';
import { examples } from './pipelineValidate.examples';

/** @public */
export const PIPELINE_VALIDATE_ACTION_ID = 'fmlops:pipeline:validate';

/**
 * Checks the anomaly-detection-pipeline form values before anything is rendered, and reports
 * all problems at once.
 *
 * @public
 */
export function createPipelineValidateAction(options: {
  config: RootConfigService;
}) {
  const configuredWorkspaces =
    options.config.getOptionalConfig('fmlops.workspaces')?.keys() ?? [];
  return createTemplateAction({
    id: PIPELINE_VALIDATE_ACTION_ID,
    description:
      'Checks the values of the anomaly-detection-pipeline template: Unity Catalog identifiers, threshold ranges and ordering, canary steps, the Quartz cron schedule, known workspaces, and text that could inject into the rendered files. Reports every problem at once.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        values: z =>
          z.record(z.string(), z.unknown(), {
            description:
              'All form values of the template, usually ${{ parameters }}',
          }),
      },
      output: {
        valid: z =>
          z.boolean({
            description: 'Always true: invalid values fail the step',
          }),
      },
    },
    async handler(ctx) {
      const problems = pipelineValueProblems(ctx.input.values, {
        configuredWorkspaces,
      });
      if (problems.length > 0) {
        throw new InputError(
          `The template values have ${problems.length} problem${
            problems.length === 1 ? '' : 's'
          }:\n${formatProblems(problems)}`,
        );
      }
      ctx.logger.info('The template values are valid');
      ctx.output('valid', true);
    },
  });
}
