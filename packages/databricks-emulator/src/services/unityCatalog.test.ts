import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Unity Catalog through the real SDK client: registered models, versions, aliases and schemas. */

jest.setTimeout(60_000);

describe('Unity Catalog', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  const fullName = 'fmlops_demo.payments.ach_payment_anomaly';

  it('gets a model with aliases and lists its versions with run ids', async () => {
    const model = await local.client.registeredModels.get({
      full_name: fullName,
      include_aliases: true,
    });
    expect(model.aliases?.map(a => [a.alias_name, a.version_num])).toEqual([
      ['champion', 3],
      ['challenger', 4],
    ]);
    const versions = [];
    for await (const v of local.client.modelVersions.list({
      full_name: fullName,
      max_results: 2,
    }))
      versions.push(v);
    expect(versions.map(v => v.version)).toEqual([1, 2, 3, 4]);
    expect(versions.every(v => v.run_id && v.status === 'READY')).toBe(true);
  });

  it('sets, reads and deletes aliases', async () => {
    await local.client.registeredModels.setAlias({
      full_name: fullName,
      alias: 'shadow',
      version_num: 2,
    });
    const v = await local.client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'shadow',
    });
    expect(v.version).toBe(2);
    await local.client.registeredModels.deleteAlias({
      full_name: fullName,
      alias: 'shadow',
    });
    const gone = await apiError(
      local.client.modelVersions.getByAlias({
        full_name: fullName,
        alias: 'shadow',
      }),
    );
    expect(gone.statusCode).toBe(404);
  });

  it('creates schemas and models once; again is RESOURCE_ALREADY_EXISTS', async () => {
    await local.client.schemas.create({
      catalog_name: 'fmlops_new',
      name: 'team',
    });
    await local.client.registeredModels.create({
      catalog_name: 'fmlops_new',
      schema_name: 'team',
      name: 'm',
    });
    const again = await apiError(
      local.client.registeredModels.create({
        catalog_name: 'fmlops_new',
        schema_name: 'team',
        name: 'm',
      }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('lists registered models by catalog and schema, paged, with aliases', async () => {
    const models = await all(
      local.client.registeredModels.list({
        catalog_name: 'fmlops_demo',
        schema_name: 'payments',
        max_results: 1,
      }),
    );
    expect(models.map(m => m.full_name)).toEqual([
      'fmlops_demo.payments.ach_payment_anomaly',
      'fmlops_demo.payments.wire_fraud_detector',
    ]);
    expect(models[1].aliases?.map(a => a.alias_name).sort()).toEqual([
      'challenger',
      'champion',
    ]);
  });

  it('refuses a model in a schema that does not exist, and an alias to a missing version', async () => {
    const noSchema = await apiError(
      local.client.registeredModels.create({
        catalog_name: 'fmlops_demo',
        schema_name: 'nowhere',
        name: 'm',
      }),
    );
    expect(noSchema.statusCode).toBe(404);
    const noVersion = await apiError(
      local.client.registeredModels.setAlias({
        full_name: 'fmlops_demo.cards.card_fraud_detector',
        alias: 'champion',
        version_num: 42,
      }),
    );
    expect(noVersion.statusCode).toBe(404);
  });

  it('answers 409 for a schema that exists', async () => {
    const error = await apiError(
      local.client.schemas.create({
        catalog_name: 'fmlops_demo',
        name: 'cards',
      }),
    );
    expect(error.statusCode).toBe(409);
    expect(error.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('answers registered-model tags through MLflow, which sets and deletes them', async () => {
    const get = async () =>
      (await local.client.apiClient.request({
        path: '/api/2.0/mlflow/unity-catalog/registered-models/get',
        method: 'GET',
        query: { name: fullName },
        headers: new Headers(),
        raw: false,
      })) as {
        registered_model: {
          name: string;
          tags: Array<{ key: string; value: string }>;
          aliases: Array<{ alias: string; version: string }>;
        };
      };
    const before = await get();
    expect(before.registered_model).toMatchObject({
      name: fullName,
      tags: [
        {
          key: 'fmlops-entity-refs',
          value:
            'resource:default/ach-payment-anomaly component:default/ach-payment-anomaly-pipeline',
        },
      ],
      aliases: [
        { alias: 'champion', version: '3' },
        { alias: 'challenger', version: '4' },
      ],
    });
    // the Unity Catalog API itself has no tags
    expect(
      await local.client.registeredModels.get({ full_name: fullName }),
    ).not.toHaveProperty('tags');

    const set = await local.admin(
      'POST',
      '/api/2.0/mlflow/unity-catalog/registered-models/set-tag',
      { name: fullName, key: 'team', value: 'payments-ml' },
    );
    expect(set.status).toBe(200);
    expect((await get()).registered_model.tags).toContainEqual({
      key: 'team',
      value: 'payments-ml',
    });
    const deleted = await local.admin(
      'DELETE',
      '/api/2.0/mlflow/unity-catalog/registered-models/delete-tag',
      { name: fullName, key: 'team' },
    );
    expect(deleted.status).toBe(200);
    expect((await get()).registered_model.tags).toHaveLength(1);
    const gone = await local.admin(
      'DELETE',
      '/api/2.0/mlflow/unity-catalog/registered-models/delete-tag',
      { name: fullName, key: 'team' },
    );
    expect(gone.status).toBe(404);
    const unknown = await local.admin(
      'GET',
      '/api/2.0/mlflow/unity-catalog/registered-models/get?name=c.s.nope',
    );
    expect(unknown.status).toBe(404);
  });
});
