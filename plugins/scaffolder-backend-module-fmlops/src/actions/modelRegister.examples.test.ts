import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createModelRegisterAction, UnityCatalogModels } from './modelRegister';
import { examples } from './modelRegister.examples';

describe('databricks:model:register examples', () => {
  const calls: string[] = [];
  const gateway: UnityCatalogModels = {
    aliases: () => ['dev'],
    workspaceHost: () => 'http://127.0.0.1:8787',
    ensureSchema: async (workspace, catalog, schema) => {
      calls.push(`schema ${workspace} ${catalog}.${schema}`);
      return false;
    },
    ensureRegisteredModel: async (
      workspace,
      catalog,
      schema,
      name,
      comment,
    ) => {
      calls.push(`model ${workspace} ${catalog}.${schema}.${name} ${comment}`);
      return true;
    },
  };
  const action = createModelRegisterAction({ gateway });

  it('the first example passes the form values through', () => {
    const step = yaml.parse(examples[0].example).steps[0];
    expect(step.action).toBe(action.id);
    expect(step.input.model).toBe("${{ parameters.name | replace('-', '_') }}");
  });

  it('the second example registers the model with its comment', async () => {
    const step = yaml.parse(examples[1].example).steps[0];
    const ctx = createMockActionContext({ input: step.input });
    await action.handler(ctx);
    expect(calls).toEqual([
      'schema dev fmlops_demo.cards',
      'model dev fmlops_demo.cards.card_fraud_detector Card-not-present fraud, scored on every authorisation.',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'fullName',
      'fmlops_demo.cards.card_fraud_detector',
    );
    expect(ctx.output).toHaveBeenCalledWith('created', true);
  });
});
