import { InputError } from '@backstage/errors';
import type { DatabricksGateway } from '@fmlops/backstage-plugin-fmlops-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { unityCatalogIdentifierProblems } from '../domain/values/unityCatalog';
import { examples } from './modelRegister.examples';

/** @public */
export const MODEL_REGISTER_ACTION_ID = 'databricks:model:register';

/**
 * The part of the Databricks gateway this action uses.
 *
 * @public
 */
export type UnityCatalogModels = Pick<
  DatabricksGateway,
  'aliases' | 'workspaceHost' | 'ensureSchema' | 'ensureRegisteredModel'
>;

/**
 * Ensures a Unity Catalog schema and registered model exist, so that the first training run of
 * the generated project has a model to register versions in and the portal finds it at once.
 *
 * @public
 */
export function createModelRegisterAction(options: {
  gateway: UnityCatalogModels;
}) {
  const { gateway } = options;
  return createTemplateAction({
    id: MODEL_REGISTER_ACTION_ID,
    description:
      'Ensures a Unity Catalog schema and registered model exist in a Databricks workspace configured under fmlops.workspaces. Existing ones are left as they are.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        workspace: z =>
          z.string({
            description: 'Workspace alias from fmlops.workspaces, e.g. dev',
          }),
        catalog: z =>
          z.string({ description: 'Unity Catalog catalog, which must exist' }),
        schema: z =>
          z.string({
            description: 'Unity Catalog schema, created if it does not exist',
          }),
        model: z =>
          z.string({
            description:
              'Registered model name inside the schema, created if it does not exist',
          }),
        comment: z =>
          z
            .string({ description: 'Comment of a newly created model' })
            .optional(),
      },
      output: {
        fullName: z => z.string({ description: 'catalog.schema.model' }),
        created: z =>
          z.boolean({
            description:
              'Whether this task created the model (false when it existed, and in a dry run)',
          }),
        schemaCreated: z =>
          z.boolean({ description: 'Whether this task created the schema' }),
      },
    },
    async handler(ctx) {
      const { workspace, catalog, schema, model } = ctx.input;
      const problems = Object.entries({ catalog, schema, model }).flatMap(
        ([field, value]) =>
          unityCatalogIdentifierProblems(value).map(
            problem => `- ${field}: "${value}" ${problem}`,
          ),
      );
      const known = gateway.aliases();
      if (!known.includes(workspace)) {
        problems.unshift(
          `- workspace: "${workspace}" is not configured under fmlops.workspaces (configured: ${
            known.join(', ') || 'none'
          })`,
        );
      }
      if (problems.length > 0) {
        throw new InputError(
          `Cannot register the model:\n${problems.join('\n')}`,
        );
      }
      const fullName = `${catalog}.${schema}.${model}`;
      const host = gateway.workspaceHost(workspace);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ensure the schema ${catalog}.${schema} and the registered model ${fullName} exist in workspace ${workspace} (${host})`,
        );
        ctx.output('fullName', fullName);
        ctx.output('created', false);
        ctx.output('schemaCreated', false);
        return;
      }

      const comment =
        ctx.input.comment ??
        `Created by the fmlops anomaly-detection-pipeline template (scaffolder task ${ctx.task.id}).`;
      // a retried task returns what the first attempt did instead of reporting "existed"
      const result = await ctx.checkpoint({
        key: `fmlops.uc-model.${workspace}.${fullName}`,
        fn: async () => {
          const schemaCreated = await gateway.ensureSchema(
            workspace,
            catalog,
            schema,
          );
          const modelCreated = await gateway.ensureRegisteredModel(
            workspace,
            catalog,
            schema,
            model,
            comment,
          );
          return { schemaCreated, modelCreated };
        },
      });
      ctx.logger.info(
        `${
          result.modelCreated ? 'Created' : 'Found'
        } the registered model ${fullName} in workspace ${workspace} (${host})${
          result.schemaCreated ? `, in the new schema ${catalog}.${schema}` : ''
        }`,
      );
      ctx.output('fullName', fullName);
      ctx.output('created', result.modelCreated);
      ctx.output('schemaCreated', result.schemaCreated);
    },
  });
}
