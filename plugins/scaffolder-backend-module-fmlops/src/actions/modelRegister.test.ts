import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  DatabricksGateway,
  readWorkspaces,
} from '@fmlops/backstage-plugin-fmlops-node';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import { createModelRegisterAction } from './modelRegister';

describe('databricks:model:register', () => {
  let workspace: LocalWorkspace;
  let gateway: DatabricksGateway;

  beforeAll(async () => {
    workspace = await startLocalWorkspace({ port: 0, scenarios: ['healthy'] });
    gateway = DatabricksGateway.create({
      workspaces: readWorkspaces(
        mockServices.rootConfig({
          data: {
            fmlops: {
              workspaces: {
                dev: { host: workspace.url, token: workspace.token },
              },
            },
          },
        }),
      ),
      logger: mockServices.logger.mock(),
    });
  });

  afterAll(async () => {
    await workspace.stop();
  });

  const action = () => createModelRegisterAction({ gateway });

  /** A checkpoint store that survives a task retry, like the scaffolder's task state. */
  function retryableContext(
    input: {
      workspace: string;
      catalog: string;
      schema: string;
      model: string;
    },
    store: Map<string, unknown>,
  ) {
    const checkpoint: ActionContext<JsonObject>['checkpoint'] = async opts => {
      if (!store.has(opts.key)) store.set(opts.key, await opts.fn());
      return store.get(opts.key) as Awaited<ReturnType<typeof opts.fn>>;
    };
    return { ...createMockActionContext({ input }), checkpoint };
  }

  it('creates a missing schema and model, then finds them on the next task', async () => {
    const input = {
      workspace: 'dev',
      catalog: 'fmlops_demo',
      schema: 'fraud_lab',
      model: 'wire_scorer',
      comment: 'Wire transfers scored before release.',
    };
    const first = createMockActionContext({ input });
    await action().handler(first);
    expect(first.output).toHaveBeenCalledWith(
      'fullName',
      'fmlops_demo.fraud_lab.wire_scorer',
    );
    expect(first.output).toHaveBeenCalledWith('created', true);
    expect(first.output).toHaveBeenCalledWith('schemaCreated', true);
    const model = await gateway.getRegisteredModel(
      'dev',
      'fmlops_demo.fraud_lab.wire_scorer',
    );
    expect(model.comment).toBe('Wire transfers scored before release.');

    const second = createMockActionContext({ input });
    await action().handler(second);
    expect(second.output).toHaveBeenCalledWith('created', false);
    expect(second.output).toHaveBeenCalledWith('schemaCreated', false);
  });

  it('treats an existing demo model as success', async () => {
    const ctx = createMockActionContext({
      input: {
        workspace: 'dev',
        catalog: 'fmlops_demo',
        schema: 'cards',
        model: 'card_fraud_detector',
      },
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('created', false);
    expect(ctx.output).toHaveBeenCalledWith('schemaCreated', false);
  });

  it('repeats nothing when a retried task reaches the step again', async () => {
    const store = new Map<string, unknown>();
    const input = {
      workspace: 'dev',
      catalog: 'fmlops_demo',
      schema: 'retries',
      model: 'ach_scorer',
    };
    await action().handler(retryableContext(input, store));
    const requestsAfterFirst = workspace.totalRequests();
    const retried = retryableContext(input, store);
    await action().handler(retried);
    expect(workspace.totalRequests()).toBe(requestsAfterFirst);
    // the retry reports what the first attempt did
    expect(retried.output).toHaveBeenCalledWith('created', true);
    expect([...store.keys()]).toEqual([
      'fmlops.uc-model.dev.fmlops_demo.retries.ach_scorer',
    ]);
  });

  it('touches nothing in a dry run', async () => {
    const before = workspace.totalRequests();
    const ctx = {
      ...createMockActionContext({
        input: {
          workspace: 'dev',
          catalog: 'fmlops_demo',
          schema: 'dry',
          model: 'never_created',
        },
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(workspace.totalRequests()).toBe(before);
    expect(ctx.output).toHaveBeenCalledWith(
      'fullName',
      'fmlops_demo.dry.never_created',
    );
    expect(ctx.output).toHaveBeenCalledWith('created', false);
    await expect(
      gateway.getRegisteredModel('dev', 'fmlops_demo.dry.never_created'),
    ).rejects.toThrow(/RESOURCE_DOES_NOT_EXIST|not found|does not exist/i);
  });

  it('rejects an unknown workspace and bad identifiers before calling Databricks', async () => {
    const before = workspace.totalRequests();
    const ctx = createMockActionContext({
      input: {
        workspace: 'qa',
        catalog: 'fmlops_demo',
        schema: 'cards.raw',
        model: 'Card Fraud',
      },
    });
    const failure = action().handler(ctx);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      'Cannot register the model:\n' +
        '- workspace: "qa" is not configured under fmlops.workspaces (configured: dev)\n' +
        '- schema: "cards.raw" must not contain dots\n' +
        '- model: "Card Fraud" must not contain spaces, upper-case letters',
    );
    expect(workspace.totalRequests()).toBe(before);
  });
});
