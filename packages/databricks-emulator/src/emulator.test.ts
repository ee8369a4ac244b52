import { WorkspaceClient } from '@databricks/sdk-experimental';
import { LocalWorkspace, startLocalWorkspace } from './index';
import { advance as advanceBy, apiError, sdkClient } from './__testUtils__/sdk';

jest.setTimeout(60_000);

let ws: LocalWorkspace;
let client: WorkspaceClient;

const clientFor = (token: string) => sdkClient(ws.url, token);

const advance = (seconds: number) => advanceBy(ws, seconds);

beforeAll(async () => {
  ws = await startLocalWorkspace({
    port: 0,
    token: 'dapi-test',
    configUpdateDelaySeconds: 30,
    statementChunkRows: 25,
  });
  client = clientFor('dapi-test');
});

afterAll(async () => {
  await ws.stop();
});

afterEach(() => {
  ws.faults.remove();
});

describe('auth', () => {
  it('refuses a wrong token with 403 and the real error shape', async () => {
    const error = await apiError(
      clientFor('dapi-wrong').servingEndpoints.get({
        name: 'card-fraud-detector',
      }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.errorCode).toBe('PERMISSION_DENIED');
  });

  it('refuses a request without a token with 401', async () => {
    const res = await fetch(`${ws.url}/api/2.0/serving-endpoints`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });
  });
});

describe('serving endpoints', () => {
  it('lists and gets endpoints with their served entities and routes', async () => {
    const names: string[] = [];
    for await (const e of client.servingEndpoints.list()) names.push(e.name!);
    expect(names).toEqual(
      expect.arrayContaining([
        'card-fraud-detector',
        'ach-payment-anomaly',
        'wire-fraud-detector',
      ]),
    );
    const canary = await client.servingEndpoints.get({
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

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown endpoint', async () => {
    const error = await apiError(client.servingEndpoints.get({ name: 'nope' }));
    expect(error.statusCode).toBe(404);
    expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('stages a new config as pending, then applies it after the delay', async () => {
    const model = 'fmlops_demo.cards.card_fraud_detector';
    const response = await client.servingEndpoints.updateConfig({
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
    let e = await client.servingEndpoints.get({ name: 'card-fraud-detector' });
    expect(
      e.pending_config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([20, 80]);
    expect(
      e.config?.traffic_config?.routes?.map(r => r.traffic_percentage),
    ).toEqual([100]);

    // a second update while one rolls out is refused
    const busy = await apiError(
      client.servingEndpoints.updateConfig({
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

    advance(31);
    e = await client.servingEndpoints.get({ name: 'card-fraud-detector' });
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
      client.servingEndpoints.updateConfig({
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

  it('exports Prometheus metrics that grow as time passes, slower for a slow version', async () => {
    const read = async () => {
      const r = await client.servingEndpoints.exportMetrics({
        name: 'wire-fraud-detector',
      });
      return new Response(r.contents as unknown as BodyInit).text();
    };
    const count = (text: string, entity: string) =>
      Number(
        new RegExp(
          `request_count_total\\{served_entity_name="${entity}"\\} (\\d+)`,
        ).exec(text)![1],
      );
    const before = await read();
    advance(60);
    const after = await read();
    expect(count(after, 'wire_fraud_detector-4')).toBeGreaterThan(
      count(before, 'wire_fraud_detector-4'),
    );
    // version 5 is the latency spike: most of its requests are slower than 250 ms
    const bucket = (text: string, entity: string, le: string) =>
      Number(
        new RegExp(
          `request_latency_ms_bucket\\{served_entity_name="${entity}",le="${le}"\\} (\\d+)`,
        ).exec(text)![1],
      );
    expect(
      bucket(after, 'wire_fraud_detector-5', '250') /
        count(after, 'wire_fraud_detector-5'),
    ).toBeLessThan(0.8);
    expect(
      bucket(after, 'wire_fraud_detector-4', '250') /
        count(after, 'wire_fraud_detector-4'),
    ).toBeGreaterThan(0.99);
  });

  it('scores invocations deterministically', async () => {
    const body = {
      dataframe_records: [{ amount: 12.5, merchant_category: 'travel' }],
    };
    const res = await fetch(
      `${ws.url}/serving-endpoints/card-fraud-detector/invocations`,
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

describe('Unity Catalog models', () => {
  const fullName = 'fmlops_demo.payments.ach_payment_anomaly';

  it('gets a model with aliases and lists its versions with run ids', async () => {
    const model = await client.registeredModels.get({
      full_name: fullName,
      include_aliases: true,
    });
    expect(model.aliases?.map(a => [a.alias_name, a.version_num])).toEqual([
      ['champion', 3],
      ['challenger', 4],
    ]);
    const versions = [];
    for await (const v of client.modelVersions.list({
      full_name: fullName,
      max_results: 2,
    }))
      versions.push(v);
    expect(versions.map(v => v.version)).toEqual([1, 2, 3, 4]);
    expect(versions.every(v => v.run_id && v.status === 'READY')).toBe(true);
  });

  it('sets, reads and deletes aliases', async () => {
    await client.registeredModels.setAlias({
      full_name: fullName,
      alias: 'shadow',
      version_num: 2,
    });
    const v = await client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'shadow',
    });
    expect(v.version).toBe(2);
    await client.registeredModels.deleteAlias({
      full_name: fullName,
      alias: 'shadow',
    });
    const gone = await apiError(
      client.modelVersions.getByAlias({ full_name: fullName, alias: 'shadow' }),
    );
    expect(gone.statusCode).toBe(404);
  });

  it('creates schemas and models once; again is RESOURCE_ALREADY_EXISTS', async () => {
    await client.schemas.create({ catalog_name: 'fmlops_new', name: 'team' });
    await client.registeredModels.create({
      catalog_name: 'fmlops_new',
      schema_name: 'team',
      name: 'm',
    });
    const again = await apiError(
      client.registeredModels.create({
        catalog_name: 'fmlops_new',
        schema_name: 'team',
        name: 'm',
      }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
  });
});

describe('MLflow', () => {
  it('searches runs with filters, order and paging', async () => {
    const runs = [];
    for await (const run of client.experiments.searchRuns({
      experiment_ids: ['1001'],
      filter:
        "metrics.pr_auc > 0.5 AND params.algorithm = 'xgboost' AND tags.`fmlops.tournament_id` != ''",
      order_by: ['metrics.pr_auc DESC'],
      max_results: 1,
    })) {
      runs.push(run);
    }
    expect(runs.length).toBeGreaterThan(0);
    const prAucs = runs.map(
      r => r.data!.metrics!.find(m => m.key === 'pr_auc')!.value!,
    );
    expect(prAucs).toEqual([...prAucs].sort((a, b) => b - a));
    expect(
      runs.every(
        r =>
          r.data!.params!.find(p => p.key === 'algorithm')!.value === 'xgboost',
      ),
    ).toBe(true);
  });

  it('refuses a malformed filter with 400 and where it failed', async () => {
    const error = await apiError(
      client.experiments
        .searchRuns({ experiment_ids: ['1001'], filter: 'metrics.pr_auc >> 1' })
        [Symbol.asyncIterator]()
        .next(),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/position \d+/);
  });
});

describe('jobs', () => {
  it('runs a tournament: life cycle, idempotency and a new challenger version', async () => {
    const first = await client.jobs.runNow({
      job_id: 2001,
      idempotency_token: 'retrain-1',
    });
    const again = await client.jobs.runNow({
      job_id: 2001,
      idempotency_token: 'retrain-1',
    });
    expect(again.run_id).toBe(first.run_id);
    const states: string[] = [];
    for (const step of [0, 10, 20, 360, 365, 10]) {
      advance(step);
      const run = await client.jobs.getRun({ run_id: first.run_id! });
      states.push(run.state!.life_cycle_state!);
    }
    expect(states).toEqual([
      'QUEUED',
      'PENDING',
      'RUNNING',
      'RUNNING',
      'TERMINATING',
      'TERMINATED',
    ]);
    const done = await client.jobs.getRun({ run_id: first.run_id! });
    expect(done.state?.result_state).toBe('SUCCESS');
    const model = await client.registeredModels.get({
      full_name: 'fmlops_demo.cards.card_fraud_detector',
      include_aliases: true,
    });
    expect(
      model.aliases?.find(a => a.alias_name === 'challenger')?.version_num,
    ).toBe(4);
    const runs = [];
    for await (const r of client.jobs.listRuns({ job_id: 2001, limit: 2 }))
      runs.push(r);
    expect(runs[0].run_id).toBe(first.run_id);
  });

  it('appends a drift window when the drift job runs', async () => {
    const count = async () =>
      (
        await ws.state.sql.execute(
          'SELECT COUNT(DISTINCT window_start) FROM fmlops_demo.cards.card_fraud_detector_drift',
        )
      ).rows[0][0];
    const before = Number(await count());
    const { run_id } = await client.jobs.runNow({ job_id: 2002 });
    advance(5 * 60);
    expect(
      (await client.jobs.getRun({ run_id: run_id! })).state?.result_state,
    ).toBe('SUCCESS');
    expect(Number(await count())).toBe(before + 1);
  });
});

describe('pipelines', () => {
  it('reports the failing expectation in flow progress events, paged', async () => {
    const pipeline = await client.pipelines.get({
      pipeline_id: '4f1c2a10-0005-4d6e-9a3b-000000000005',
    });
    expect(pipeline.health).toBe('UNHEALTHY');
    const events = [];
    for await (const e of client.pipelines.listPipelineEvents({
      pipeline_id: pipeline.pipeline_id!,
      max_results: 3,
    })) {
      events.push(e);
    }
    expect(events.length).toBeGreaterThan(3);
    const silver = events.find(
      e => e.origin?.flow_name === 'trades_silver',
    ) as { details?: any };
    const valid = silver.details.flow_progress.data_quality.expectations.find(
      (x: any) => x.name === 'valid_price',
    );
    expect(
      valid.failed_records / (valid.passed_records + valid.failed_records),
    ).toBeCloseTo(0.18, 2);
  });
});

describe('SQL statements', () => {
  const table = 'fmlops_demo.markets.trade_anomaly_detector_drift';

  it('runs parameterised SQL with chunked results', async () => {
    const response = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement: `SELECT window_start, feature, psi FROM ${table} WHERE psi >= :min ORDER BY window_start, feature`,
      parameters: [{ name: 'min', value: '0', type: 'DOUBLE' }],
      wait_timeout: '10s',
      format: 'JSON_ARRAY',
      disposition: 'INLINE',
    });
    expect(response.status?.state).toBe('SUCCEEDED');
    expect(
      response.manifest?.schema?.columns?.map(c => [c.name, c.type_name]),
    ).toEqual([
      ['window_start', 'TIMESTAMP'],
      ['feature', 'STRING'],
      ['psi', 'DOUBLE'],
    ]);
    expect(response.manifest?.total_chunk_count).toBeGreaterThan(1);
    const rows = [...(response.result?.data_array ?? [])];
    let next = response.result?.next_chunk_index;
    while (next !== undefined) {
      const chunk = await client.statementExecution.getStatementResultChunkN({
        statement_id: response.statement_id!,
        chunk_index: next,
      });
      rows.push(...(chunk.data_array ?? []));
      next = chunk.next_chunk_index;
    }
    expect(rows.length).toBe(response.manifest?.total_row_count);
    expect(typeof rows[0][2]).toBe('string');
  });

  it('answers PENDING with wait_timeout 0s and succeeds on a later poll', async () => {
    const response = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement: `SELECT COUNT(*) AS n FROM ${table}`,
      wait_timeout: '0s',
    });
    expect(response.status?.state).toBe('PENDING');
    const polled = await client.statementExecution.getStatement({
      statement_id: response.statement_id!,
    });
    expect(polled.status?.state).toBe('SUCCEEDED');
    expect(Number(polled.result?.data_array?.[0][0])).toBeGreaterThan(0);
  });

  it('fails a statement on an unknown table the way Databricks says it', async () => {
    const response = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement: 'SELECT * FROM fmlops_demo.nope.missing',
      wait_timeout: '5s',
    });
    expect(response.status?.state).toBe('FAILED');
    expect(response.status?.error?.message).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After on the faulted route only', async () => {
    ws.faults.add({
      path: '/api/2.0/serving-endpoints/*',
      kind: 'rate-limit',
      retryAfterSeconds: 7,
      count: 1,
    });
    const res = await fetch(
      `${ws.url}/api/2.0/serving-endpoints/card-fraud-detector`,
      { headers: { Authorization: 'Bearer dapi-test' } },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const other = await fetch(
      `${ws.url}/api/2.0/serving-endpoints/card-fraud-detector`,
      { headers: { Authorization: 'Bearer dapi-test' } },
    );
    expect(other.status).toBe(200);
  });

  it('answers 503 from the admin API fault and stalls until the client gives up', async () => {
    const add = await fetch(`${ws.url}/__admin/faults`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer dapi-test',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        path: '/api/2.1/unity-catalog/**',
        kind: 'error',
        status: 503,
      }),
    });
    expect(add.status).toBe(201);
    const error = await apiError(
      client.registeredModels.get({
        full_name: 'fmlops_demo.cards.card_fraud_detector',
      }),
    );
    expect(error.statusCode).toBe(503);
    ws.faults.remove();

    ws.faults.add({ path: '/api/2.0/pipelines/*', kind: 'stall' });
    const controller = new AbortController();
    const stalled = fetch(
      `${ws.url}/api/2.0/pipelines/4f1c2a10-0001-4d6e-9a3b-000000000001`,
      {
        headers: { Authorization: 'Bearer dapi-test' },
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(stalled).rejects.toThrow(/abort/i);
  });

  it('refuses a malformed fault with 400', async () => {
    const res = await fetch(`${ws.url}/__admin/faults`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer dapi-test',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ path: 'no-slash', kind: 'explode' }),
    });
    expect(res.status).toBe(400);
  });
});
