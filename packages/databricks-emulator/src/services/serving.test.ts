import { apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Model Serving through the real SDK client: endpoints, config roll-outs and invocations (metrics: servingMetrics.test.ts). */

jest.setTimeout(60_000);

describe('serving endpoints', () => {
  const local = useLocalWorkspace({
    token: 'dapi-test',
    configUpdateDelaySeconds: 30,
  });

  it('lists and gets endpoints with their served entities and routes', async () => {
    const names: string[] = [];
    for await (const e of local.client.servingEndpoints.list())
      names.push(e.name!);
    expect(names).toEqual(
      expect.arrayContaining([
        'card-fraud-detector',
        'ach-payment-anomaly',
        'wire-fraud-detector',
      ]),
    );
    const canary = await local.client.servingEndpoints.get({
      name: 'ach-payment-anomaly',
    });
    expect(canary.state).toEqual({
      ready: 'READY',
      config_update: 'NOT_UPDATING',
    });
    expect(
      canary.config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([90, 10]);
    expect(canary.config?.served_entities?.map(e => e.entity_version)).toEqual([
      '3',
      '4',
    ]);
  });

  it('shows the scenario tags in GET and LIST, and PATCH .../tags changes them', async () => {
    const binding = {
      key: 'fmlops-entity-refs',
      value:
        'resource:default/card-fraud-detector component:default/card-fraud-detector-pipeline',
    };
    const listed = [];
    for await (const e of local.client.servingEndpoints.list()) listed.push(e);
    expect(listed.find(e => e.name === 'card-fraud-detector')?.tags).toEqual([
      binding,
    ]);
    // the SDK 0.17 sends PATCH without its body: a raw request, as the gateway would
    const patch = await local.admin(
      'PATCH',
      '/api/2.0/serving-endpoints/card-fraud-detector/tags',
      {
        add_tags: [{ key: 'team', value: 'fraud-ml' }, { key: 'cost-centre' }],
        delete_tags: ['fmlops-entity-refs'],
      },
    );
    expect(patch.status).toBe(200);
    expect(await patch.json()).toEqual({
      tags: [{ key: 'cost-centre' }, { key: 'team', value: 'fraud-ml' }],
    });
    const after = await local.client.servingEndpoints.get({
      name: 'card-fraud-detector',
    });
    expect(after.tags).toEqual([
      { key: 'team', value: 'fraud-ml' },
      { key: 'cost-centre' },
    ]);
    await local.admin(
      'PATCH',
      '/api/2.0/serving-endpoints/card-fraud-detector/tags',
      { add_tags: [binding], delete_tags: ['team', 'cost-centre'] },
    );
    const restored = await local.client.servingEndpoints.get({
      name: 'card-fraud-detector',
    });
    expect(restored.tags).toEqual([binding]);
    const missing = await local.admin(
      'PATCH',
      '/api/2.0/serving-endpoints/nope/tags',
      { add_tags: [binding] },
    );
    expect(missing.status).toBe(404);
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown endpoint', async () => {
    const error = await apiError(
      local.client.servingEndpoints.get({ name: 'nope' }),
    );
    expect(error.statusCode).toBe(404);
    expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('stages a new config as pending, then applies it after the delay', async () => {
    const model = 'fmlops_demo.cards.card_fraud_detector';
    const response = await local.client.servingEndpoints.updateConfig({
      name: 'card-fraud-detector',
      served_entities: [
        {
          name: 'card_fraud_detector-2',
          entity_name: model,
          entity_version: '2',
          workload_size: 'Small',
          scale_to_zero_enabled: false,
        },
        {
          name: 'card_fraud_detector-3',
          entity_name: model,
          entity_version: '3',
          workload_size: 'Small',
          scale_to_zero_enabled: false,
        },
      ],
      traffic_config: {
        routes: [
          {
            served_model_name: 'card_fraud_detector-2',
            traffic_percentage: 20,
          },
          {
            served_model_name: 'card_fraud_detector-3',
            traffic_percentage: 80,
          },
        ],
      },
    });
    expect(response.state?.config_update).toBe('IN_PROGRESS');
    let e = await local.client.servingEndpoints.get({
      name: 'card-fraud-detector',
    });
    expect(
      e.pending_config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([20, 80]);
    expect(
      e.config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([100]);

    // a second update while one rolls out is refused
    const busy = await apiError(
      local.client.servingEndpoints.updateConfig({
        name: 'card-fraud-detector',
        served_entities: [
          {
            entity_name: model,
            entity_version: '3',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
        ],
      }),
    );
    expect(busy.statusCode).toBe(409);

    local.advance(31);
    e = await local.client.servingEndpoints.get({
      name: 'card-fraud-detector',
    });
    expect(e.state?.config_update).toBe('NOT_UPDATING');
    expect(e.pending_config).toBeUndefined();
    expect(
      e.config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([20, 80]);
  });

  it.each([
    [
      'routes that do not sum to 100',
      {
        routes: [
          { served_model_name: 'm-3', traffic_percentage: 60 },
          { served_model_name: 'm-2', traffic_percentage: 30 },
        ],
      },
      /sum to 100, got 90/,
    ],
    [
      'a route to an unknown served entity',
      {
        routes: [
          { served_model_name: 'm-3', traffic_percentage: 50 },
          { served_model_name: 'ghost', traffic_percentage: 50 },
        ],
      },
      /'ghost' does not name a served entity/,
    ],
    [
      'two entities without a traffic config',
      undefined,
      /traffic_config is required/,
    ],
  ])('refuses %s with 400', async (_, trafficConfig, message) => {
    const model = 'fmlops_demo.markets.market_abuse_detector';
    const error = await apiError(
      local.client.servingEndpoints.updateConfig({
        name: 'market-abuse-detector',
        served_entities: [
          {
            name: 'm-2',
            entity_name: model,
            entity_version: '2',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
          {
            name: 'm-3',
            entity_name: model,
            entity_version: '1',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
        ],
        traffic_config: trafficConfig as never,
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(message);
  });

  it('scores invocations deterministically', async () => {
    const body = {
      dataframe_records: [{ amount: 12.5, merchant_category: 'travel' }],
    };
    const res = await fetch(
      `${local.ws.url}/serving-endpoints/card-fraud-detector/invocations`,
      {
        method: 'POST',
        headers: {
          Authorization: 'Bearer dapi-test',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      },
    );
    const { predictions } = await res.json();
    expect(predictions).toHaveLength(1);
    expect(predictions[0]).toBeGreaterThanOrEqual(0);
    expect(predictions[0]).toBeLessThanOrEqual(1);
  });
});

describe('serving roll-outs, invocations and traffic', () => {
  const local = useLocalWorkspace({
    token: 'dapi-workspace-test',
    configUpdateDelaySeconds: 20,
  });

  it('names served entities <model>-<version> by default, as Databricks does', async () => {
    const model = 'fmlops_demo.markets.trade_anomaly_detector';
    await local.client.servingEndpoints.updateConfig({
      name: 'trade-anomaly-detector',
      served_entities: [
        {
          entity_name: model,
          entity_version: '1',
          workload_size: 'Small',
          scale_to_zero_enabled: true,
        },
      ],
    });
    local.advance(21);
    const e = await local.client.servingEndpoints.get({
      name: 'trade-anomaly-detector',
    });
    expect(e.config?.served_entities?.map(s => s.name)).toEqual([
      'trade_anomaly_detector-1',
    ]);
    expect(e.config?.traffic_config?.routes).toEqual([
      expect.objectContaining({
        served_model_name: 'trade_anomaly_detector-1',
        traffic_percentage: 100,
      }),
    ]);
  });

  it('ends a faulted roll-out in UPDATE_FAILED and keeps the old config', async () => {
    local.ws.faults.add({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/*/config',
      kind: 'serving-update-fails',
      count: 1,
    });
    const before = await local.client.servingEndpoints.get({
      name: 'market-abuse-detector',
    });
    await local.client.servingEndpoints.updateConfig({
      name: 'market-abuse-detector',
      served_entities: [
        {
          entity_name: 'fmlops_demo.markets.market_abuse_detector',
          entity_version: '1',
          workload_size: 'Small',
          scale_to_zero_enabled: false,
        },
      ],
    });
    local.advance(21);
    const after = await local.client.servingEndpoints.get({
      name: 'market-abuse-detector',
    });
    expect(after.state?.config_update).toBe('UPDATE_FAILED');
    expect(after.config?.served_entities?.map(s => s.entity_version)).toEqual(
      before.config?.served_entities?.map(s => s.entity_version),
    );
  });

  it('refuses a version the model does not have', async () => {
    const error = await apiError(
      local.client.servingEndpoints.updateConfig({
        name: 'card-fraud-detector',
        served_entities: [
          {
            entity_name: 'fmlops_demo.cards.card_fraud_detector',
            entity_version: '99',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
        ],
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/Model version 99 .* does not exist/);
  });

  it('scores a record the same in every input format, and routes by the traffic split', async () => {
    const record = {
      amount: 912.4,
      velocity_1h: 7,
      merchant_category: 'gaming',
    };
    const a = await local.client.servingEndpoints.query({
      name: 'card-fraud-detector',
      dataframe_records: [record],
    });
    const b = await local.client.servingEndpoints.query({
      name: 'card-fraud-detector',
      dataframe_split: {
        columns: ['merchant_category', 'amount', 'velocity_1h'],
        data: [['gaming', 912.4, 7]],
      },
    });
    expect(a.predictions).toEqual(b.predictions);
    expect(a['served-model-name']).toBe('card_fraud_detector-3');

    // healthy versions, so every call answers
    for (const version of ['3', '4']) {
      await local.admin(
        'POST',
        `/__admin/serving-endpoints/ach-payment-anomaly/profiles/${version}`,
        { errorRate: 0 },
      );
    }
    const served: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const r = await local.client.servingEndpoints.query({
        name: 'ach-payment-anomaly',
        inputs: [{ amount: i }],
      });
      served[r['served-model-name']!] =
        (served[r['served-model-name']!] ?? 0) + 1;
    }
    expect(served['ach_payment_anomaly-4'] / 300).toBeGreaterThan(0.04);
    expect(served['ach_payment_anomaly-4'] / 300).toBeLessThan(0.18);
    expect(served['ach_payment_anomaly-3']).toBe(
      300 - served['ach_payment_anomaly-4'],
    );
  });

  it('refuses an invocation without records with 400', async () => {
    const error = await apiError(
      local.client.servingEndpoints.query({ name: 'card-fraud-detector' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/dataframe_records, dataframe_split, inputs/);
  });
});
