import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleFmlops } from './module';

describe('scaffolderModuleFmlops', () => {
  const actionsOf = async (scaffolder?: object, localWorkspace?: object) => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleFmlops,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              workspaces: {
                dev: { host: 'http://127.0.0.1:1', token: 'dapi-test' },
              },
              ...(scaffolder ? { scaffolder } : {}),
              ...(localWorkspace ? { localWorkspace } : {}),
            },
          },
        }),
      ],
    });
    const response = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return new Map<string, any>(
      response.body.map((a: { id: string }) => [a.id, a]),
    );
  };
  const fmlopsActions = (actions: Map<string, unknown>) =>
    [...actions.keys()].filter(
      id => id.startsWith('fmlops:') || id.startsWith('databricks:'),
    );

  it('adds the local publish target only where fmlops.scaffolder.localPublishDir is configured', async () => {
    expect(fmlopsActions(await actionsOf()).sort()).toEqual([
      'databricks:model:register',
      'fmlops:bundle:validate',
      'fmlops:pipeline:validate',
    ]);
  });

  it('adds the deploy to the local workspace only where the local workspace runs (app-config.local.yaml)', async () => {
    const disabled = await actionsOf(
      { localPublishDir: '/tmp/p' },
      { enabled: false },
    );
    expect(disabled.has('fmlops:bundle:deploy-local')).toBe(false);
    const local = await actionsOf(
      { localPublishDir: '/tmp/p' },
      { enabled: true },
    );
    expect(
      local.get('fmlops:bundle:deploy-local').schema.input.required,
    ).toEqual(['workspace']);
  });

  it('adds the fmlops actions, with their input schemas, to the scaffolder', async () => {
    const actions = await actionsOf({ localPublishDir: '/tmp/published' });
    const ours = fmlopsActions(actions);
    expect(ours).toHaveLength(5);
    expect(ours).toEqual(
      expect.arrayContaining([
        'fmlops:pipeline:validate',
        'fmlops:bundle:validate',
        'databricks:model:register',
        'fmlops:publish:local',
        'fmlops:catalog:register-local',
      ]),
    );
    expect(
      actions.get('databricks:model:register').schema.input.required,
    ).toEqual(['workspace', 'catalog', 'schema', 'model']);
    expect(actions.get('fmlops:publish:local').examples).toHaveLength(2);
  });

  describe('the official bundle schema', () => {
    const start = (scaffolder: object = {}) =>
      startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleFmlops,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({ data: { fmlops: { scaffolder } } }),
        ],
      });
    const fromEnvironment = process.env.FMLOPS_BUNDLE_SCHEMA;
    afterEach(() => {
      if (fromEnvironment === undefined)
        delete process.env.FMLOPS_BUNDLE_SCHEMA;
      else process.env.FMLOPS_BUNDLE_SCHEMA = fromEnvironment;
    });

    it('is read from fmlops.scaffolder.bundleSchemaPath: the backend does not start when it names no file', async () => {
      await expect(
        start({ bundleSchemaPath: '/nowhere/schema.json' }),
      ).rejects.toThrow(/\/nowhere\/schema.json .* does not exist/);
    });

    it('is read from FMLOPS_BUNDLE_SCHEMA without that key', async () => {
      process.env.FMLOPS_BUNDLE_SCHEMA = '/elsewhere/schema.json';
      await expect(start()).rejects.toThrow(
        /\/elsewhere\/schema.json .* does not exist/,
      );
    });
  });
});
