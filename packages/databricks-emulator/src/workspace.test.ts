import { ApiError, WorkspaceClient } from '@databricks/sdk-experimental';
import { LocalWorkspace, startLocalWorkspace } from './index';
import { advance as advanceBy, apiError, sdkClient } from './__testUtils__/sdk';

/**
 * The rest of the workspace's behaviour through the real SDK client: pipeline updates, served
 * entities, invocations and traffic, Unity Catalog lists, MLflow look-ups, job outcomes, drift
 * windows, statement timing, warehouses, faults and the admin API.
 */

jest.setTimeout(60_000);

const TOKEN = 'dapi-workspace-test';
let ws: LocalWorkspace;
let client: WorkspaceClient;

const clientFor = (url: string, token = TOKEN) => sdkClient(url, token);

const advance = (seconds: number) => advanceBy(ws, seconds);

const admin = async (method: string, path: string, body?: unknown) =>
  fetch(`${ws.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function metricsText(name: string): Promise<string> {
  const r = await client.servingEndpoints.exportMetrics({ name });
  return new Response(r.contents as unknown as BodyInit).text();
}

const requestCount = (
  text: string,
  entity: string,
  metric = 'request_count_total',
) =>
  Number(
    new RegExp(`${metric}\\{served_entity_name="${entity}"\\} (\\d+)`).exec(
      text,
    )?.[1] ?? NaN,
  );

beforeAll(async () => {
  ws = await startLocalWorkspace({
    port: 0,
    token: TOKEN,
    configUpdateDelaySeconds: 20,
    statementChunkRows: 50,
    statementExecutionMs: 20_000,
  });
  client = clientFor(ws.url);
});

afterAll(async () => {
  await ws.stop();
});

afterEach(() => {
  ws.faults.remove();
});

describe('pipelines', () => {
  const pipelineId = '4f1c2a10-0001-4d6e-9a3b-000000000001';

  it('lists every pipeline with its state, health and latest updates', async () => {
    const pipelines = await all(client.pipelines.listPipelines({}));
    expect(pipelines.map(p => [p.pipeline_id, p.health])).toEqual(
      expect.arrayContaining([
        [pipelineId, 'HEALTHY'],
        ['4f1c2a10-0005-4d6e-9a3b-000000000005', 'UNHEALTHY'],
      ]),
    );
    expect(pipelines.every(p => p.state === 'IDLE')).toBe(true);
    expect(
      pipelines.every(p =>
        p.latest_updates?.every(u => u.state === 'COMPLETED'),
      ),
    ).toBe(true);
  });

  it('moves a started update through its life cycle and writes its flow events', async () => {
    const eventsBefore = await all(
      client.pipelines.listPipelineEvents({ pipeline_id: pipelineId }),
    );
    const { update_id } = await client.pipelines.startUpdate({
      pipeline_id: pipelineId,
      full_refresh: true,
    });
    const started = await client.pipelines.getUpdate({
      pipeline_id: pipelineId,
      update_id: update_id!,
    });
    expect(started.update).toMatchObject({
      cause: 'API_CALL',
      full_refresh: true,
    });
    expect(
      (await client.pipelines.get({ pipeline_id: pipelineId })).state,
    ).toBe('RUNNING');
    const states: string[] = [];
    for (const step of [0, 15, 20, 30, 240]) {
      advance(step);
      const { update } = await client.pipelines.getUpdate({
        pipeline_id: pipelineId,
        update_id: update_id!,
      });
      states.push(update!.state!);
    }
    expect(states).toEqual([
      'WAITING_FOR_RESOURCES',
      'INITIALIZING',
      'SETTING_UP_TABLES',
      'RUNNING',
      'COMPLETED',
    ]);
    const pipeline = await client.pipelines.get({ pipeline_id: pipelineId });
    expect(pipeline.state).toBe('IDLE');
    expect(pipeline.latest_updates?.[0]).toMatchObject({
      update_id,
      state: 'COMPLETED',
    });
    const events = await all(
      client.pipelines.listPipelineEvents({
        pipeline_id: pipelineId,
        max_results: 4,
        order_by: ['timestamp desc'],
      }),
    );
    const fresh = events.filter(e => e.origin?.update_id === update_id);
    expect(fresh.map(e => e.event_type).sort()).toEqual([
      'create_update',
      'flow_progress',
      'flow_progress',
      'flow_progress',
      'update_progress',
    ]);
    expect(events.length).toBe(eventsBefore.length + 5);
    const oldestFirst = await all(
      client.pipelines.listPipelineEvents({
        pipeline_id: pipelineId,
        order_by: ['timestamp asc'],
      }),
    );
    expect(oldestFirst[0].id).toBe(events[events.length - 1].id);
  });

  it('refuses a second update while one runs, and stops it as CANCELED', async () => {
    const { update_id } = await client.pipelines.startUpdate({
      pipeline_id: pipelineId,
    });
    const busy = await apiError(
      client.pipelines.startUpdate({ pipeline_id: pipelineId }),
    );
    expect(busy.statusCode).toBe(409);
    expect(busy.message).toMatch(/active update/);
    const stopped = await (
      await client.pipelines.stop({ pipeline_id: pipelineId })
    ).wait({ timeout: undefined });
    expect(stopped.state).toBe('IDLE');
    const { update } = await client.pipelines.getUpdate({
      pipeline_id: pipelineId,
      update_id: update_id!,
    });
    expect(update?.state).toBe('CANCELED');
    const { updates } = await client.pipelines.listUpdates({
      pipeline_id: pipelineId,
      max_results: 2,
    });
    expect(updates?.[0].update_id).toBe(update_id);
  });

  it('refuses an unknown event order with 400', async () => {
    const error = await apiError(
      all(
        client.pipelines.listPipelineEvents({
          pipeline_id: pipelineId,
          order_by: ['level desc'],
        }),
      ),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/order_by must be 'timestamp asc'/);
  });

  it('answers 404 for an unknown pipeline', async () => {
    const error = await apiError(client.pipelines.get({ pipeline_id: 'nope' }));
    expect(error.statusCode).toBe(404);
    expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('serving', () => {
  it('names served entities <model>-<version> by default, as Databricks does', async () => {
    const model = 'fmlops_demo.markets.trade_anomaly_detector';
    await client.servingEndpoints.updateConfig({
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
    advance(21);
    const e = await client.servingEndpoints.get({
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
    ws.faults.add({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/*/config',
      kind: 'serving-update-fails',
      count: 1,
    });
    const before = await client.servingEndpoints.get({
      name: 'market-abuse-detector',
    });
    await client.servingEndpoints.updateConfig({
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
    advance(21);
    const after = await client.servingEndpoints.get({
      name: 'market-abuse-detector',
    });
    expect(after.state?.config_update).toBe('UPDATE_FAILED');
    expect(after.config?.served_entities?.map(s => s.entity_version)).toEqual(
      before.config?.served_entities?.map(s => s.entity_version),
    );
  });

  it('refuses a version the model does not have', async () => {
    const error = await apiError(
      client.servingEndpoints.updateConfig({
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
    const a = await client.servingEndpoints.query({
      name: 'card-fraud-detector',
      dataframe_records: [record],
    });
    const b = await client.servingEndpoints.query({
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
      await admin(
        'POST',
        `/__admin/serving-endpoints/ach-payment-anomaly/profiles/${version}`,
        { errorRate: 0 },
      );
    }
    const served: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const r = await client.servingEndpoints.query({
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
      client.servingEndpoints.query({ name: 'card-fraud-detector' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/dataframe_records, dataframe_split, inputs/);
  });

  it('fails invocations of a failing version, and its 5xx count shows it', async () => {
    const res = await admin(
      'POST',
      '/__admin/serving-endpoints/wire-fraud-detector/profiles/5',
      { errorRate: 1 },
    );
    expect(res.status).toBe(200);
    const before = requestCount(
      await metricsText('wire-fraud-detector'),
      'wire_fraud_detector-5',
      'request_5xx_count_total',
    );
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push(
        await client.servingEndpoints
          .query({ name: 'wire-fraud-detector', inputs: [{ amount: i }] })
          .then(
            () => 200,
            e => (e as ApiError).statusCode,
          ),
      );
    }
    const failures = statuses.filter(s => s === 503).length;
    expect(failures).toBeGreaterThan(0);
    expect(statuses.every(s => s === 200 || s === 503)).toBe(true);
    const after = requestCount(
      await metricsText('wire-fraud-detector'),
      'wire_fraud_detector-5',
      'request_5xx_count_total',
    );
    expect(after - before).toBeGreaterThanOrEqual(failures);
  });

  it('accrues traffic in proportion to the split', async () => {
    const before = await metricsText('ach-payment-anomaly');
    advance(600);
    const after = await metricsText('ach-payment-anomaly');
    const grown = (entity: string) =>
      requestCount(after, entity) - requestCount(before, entity);
    // 50 requests a second for ten minutes, 90 / 10
    expect(grown('ach_payment_anomaly-3')).toBeCloseTo(27_000, -2);
    expect(grown('ach_payment_anomaly-4')).toBeCloseTo(3_000, -2);
  });
});

describe('Unity Catalog', () => {
  it('lists registered models by catalog and schema, paged, with aliases', async () => {
    const models = await all(
      client.registeredModels.list({
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
      client.registeredModels.create({
        catalog_name: 'fmlops_demo',
        schema_name: 'nowhere',
        name: 'm',
      }),
    );
    expect(noSchema.statusCode).toBe(404);
    const noVersion = await apiError(
      client.registeredModels.setAlias({
        full_name: 'fmlops_demo.cards.card_fraud_detector',
        alias: 'champion',
        version_num: 42,
      }),
    );
    expect(noVersion.statusCode).toBe(404);
  });

  it('answers 409 for a schema that exists', async () => {
    const error = await apiError(
      client.schemas.create({ catalog_name: 'fmlops_demo', name: 'cards' }),
    );
    expect(error.statusCode).toBe(409);
    expect(error.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
  });
});

describe('MLflow', () => {
  it('gets experiments by id and by name, and runs by id', async () => {
    const byId = await client.experiments.getExperiment({
      experiment_id: '1002',
    });
    expect(byId.experiment?.name).toBe('/Shared/fmlops/trade-anomaly-detector');
    const byName = await client.experiments.getByName({
      experiment_name: '/Shared/fmlops/trade-anomaly-detector',
    });
    expect(byName.experiment?.experiment_id).toBe('1002');
    const missing = await apiError(
      client.experiments.getByName({ experiment_name: '/nope' }),
    );
    expect(missing.statusCode).toBe(404);

    const [winner] = await all(
      client.experiments.searchRuns({
        experiment_ids: ['1002'],
        filter: "tags.`fmlops.winner` = 'true'",
        max_results: 1,
      }),
    );
    const { run } = await client.experiments.getRun({
      run_id: winner.info!.run_id!,
    });
    expect(run?.info?.run_id).toBe(winner.info!.run_id);
  });

  it('keeps past tournaments: one run per algorithm, one winner, the best by PR AUC', async () => {
    const runs = await all(
      client.experiments.searchRuns({ experiment_ids: ['1003'] }),
    );
    const tag = (r: (typeof runs)[number], key: string) =>
      r.data?.tags?.find(t => t.key === key)?.value;
    const tournaments = new Map<string, typeof runs>();
    for (const r of runs) {
      const id = tag(r, 'fmlops.tournament_id')!;
      tournaments.set(id, [...(tournaments.get(id) ?? []), r]);
    }
    expect(tournaments.size).toBeGreaterThanOrEqual(2);
    for (const entrants of tournaments.values()) {
      expect(
        entrants
          .map(r => r.data?.params?.find(p => p.key === 'algorithm')?.value)
          .sort(),
      ).toEqual(['isolation_forest', 'lightgbm', 'random_forest', 'xgboost']);
      const prAuc = (r: (typeof runs)[number]) =>
        r.data!.metrics!.find(m => m.key === 'pr_auc')!.value!;
      const best = entrants.reduce((a, b) => (prAuc(b) > prAuc(a) ? b : a));
      expect(entrants.filter(r => tag(r, 'fmlops.winner') === 'true')).toEqual([
        best,
      ]);
      for (const r of entrants) {
        expect(r.data?.metrics?.map(m => m.key).sort()).toEqual([
          'f1',
          'pr_auc',
          'precision',
          'recall',
          'roc_auc',
        ]);
      }
    }
  });
});

describe('jobs', () => {
  const championPrAuc = async (fullName: string, alias: string) => {
    const version = await client.modelVersions.getByAlias({
      full_name: fullName,
      alias,
    });
    const { run } = await client.experiments.getRun({
      run_id: version.run_id!,
    });
    return run!.data!.metrics!.find(m => m.key === 'pr_auc')!.value!;
  };

  it('lists and gets jobs', async () => {
    const jobs = await all(client.jobs.list({}));
    expect(jobs.map(j => j.job_id)).toEqual(
      expect.arrayContaining([2001, 2002, 2031]),
    );
    const job = await client.jobs.get({ job_id: 2031 });
    expect(job.settings?.tags).toMatchObject({
      'fmlops.role': 'tournament',
      'fmlops.model': 'fmlops_demo.payments.wire_fraud_detector',
    });
    const missing = await apiError(client.jobs.get({ job_id: 1 }));
    expect(missing.statusCode).toBe(400);
    expect(missing.message).toMatch(/Job 1 does not exist/);
  });

  it('registers a worse challenger when the scenario says so', async () => {
    const fullName = 'fmlops_demo.payments.wire_fraud_detector';
    const { run_id } = await client.jobs.runNow({ job_id: 2031 });
    advance(15 * 60);
    const run = await client.jobs.getRun({ run_id: run_id! });
    expect(run.state?.result_state).toBe('SUCCESS');
    const challenger = await client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'challenger',
    });
    expect(challenger.version).toBe(6);
    expect(await championPrAuc(fullName, 'challenger')).toBeLessThan(
      await championPrAuc(fullName, 'champion'),
    );
    const tournament = await all(
      client.experiments.searchRuns({
        experiment_ids: ['1004'],
        filter: `tags.\`fmlops.job_run_id\` = '${run_id}'`,
      }),
    );
    expect(tournament).toHaveLength(4);
  });

  it('fails a run when asked to, leaving the registry alone', async () => {
    const fullName = 'fmlops_demo.markets.market_abuse_detector';
    expect(
      (await admin('POST', '/__admin/jobs/2041/fail-next-run')).status,
    ).toBe(200);
    const { run_id } = await client.jobs.runNow({ job_id: 2041 });
    advance(15 * 60);
    const run = await client.jobs.getRun({ run_id: run_id! });
    expect(run.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'FAILED',
    });
    const versions = await all(
      client.modelVersions.list({ full_name: fullName }),
    );
    expect(versions.map(v => v.version)).toEqual([1, 2]);
  });

  it('cancels a run: CANCELED, no new version; active_only lists only running ones', async () => {
    const { run_id } = await client.jobs.runNow({ job_id: 2011 });
    advance(40);
    const active = await all(
      client.jobs.listRuns({ job_id: 2011, active_only: true }),
    );
    expect(active.map(r => r.run_id)).toEqual([run_id]);
    await client.jobs.cancelRun({ run_id: run_id! });
    advance(15 * 60);
    const run = await client.jobs.getRun({ run_id: run_id! });
    expect(run.state?.result_state).toBe('CANCELED');
    expect(
      await all(client.jobs.listRuns({ job_id: 2011, active_only: true })),
    ).toEqual([]);
    const versions = await all(
      client.modelVersions.list({
        full_name: 'fmlops_demo.markets.trade_anomaly_detector',
      }),
    );
    expect(versions.map(v => v.version)).toEqual([1, 2]);
  });

  it('refuses runs of an unknown job', async () => {
    const error = await apiError(client.jobs.runNow({ job_id: 999 }));
    expect(error.statusCode).toBe(400);
  });
});

describe('drift windows', () => {
  const query = async (statement: string) => {
    const r = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement,
      wait_timeout: '30s',
    });
    expect(r.status?.state).toBe('SUCCEEDED');
    return r.result?.data_array ?? [];
  };

  it('keeps at least twelve windows per model, every feature in each', async () => {
    for (const table of [
      'fmlops_demo.cards.card_fraud_detector_drift',
      'fmlops_demo.markets.trade_anomaly_detector_drift',
    ]) {
      const rows = await query(
        `SELECT COUNT(DISTINCT window_start), COUNT(DISTINCT feature) FROM ${table}`,
      );
      expect(Number(rows[0][0])).toBeGreaterThanOrEqual(12);
      expect(Number(rows[0][1])).toBe(7);
    }
  });

  it('shows the drifting model drifting on its recent windows, the healthy one stable', async () => {
    const recent = await query(`
      SELECT feature, status FROM fmlops_demo.markets.trade_anomaly_detector_drift
      WHERE window_start = (SELECT MAX(window_start) FROM fmlops_demo.markets.trade_anomaly_detector_drift)
        AND feature IN ('amount', 'volume_zscore')`);
    expect(recent.map(r => r[1])).toEqual(['drift', 'drift']);
    const early = await query(`
      SELECT DISTINCT status FROM fmlops_demo.markets.trade_anomaly_detector_drift
      WHERE window_start = (SELECT MIN(window_start) FROM fmlops_demo.markets.trade_anomaly_detector_drift)`);
    expect(early).toEqual([['stable']]);
    const healthy = await query(
      "SELECT COUNT(*) FROM fmlops_demo.cards.card_fraud_detector_drift WHERE status = 'drift'",
    );
    expect(healthy).toEqual([['0']]);
  });

  it('stores histograms on the same bins in every window', async () => {
    const rows = await query(`
      SELECT feature, COUNT(DISTINCT bin_lower || '-' || bin_upper), COUNT(DISTINCT window_start)
      FROM fmlops_demo.markets.trade_anomaly_detector_drift_histograms
      WHERE feature = 'amount' GROUP BY feature`);
    expect(Number(rows[0][1])).toBe(12);
    expect(Number(rows[0][2])).toBeGreaterThanOrEqual(12);
  });

  it('keeps inference metrics per window and version', async () => {
    const rows = await query(`
      SELECT model_version, COUNT(*) FROM fmlops_demo.payments.ach_payment_anomaly_inference_metrics
      GROUP BY model_version`);
    expect(rows).toEqual([['3', expect.any(String)]]);
    expect(Number(rows[0][1])).toBeGreaterThanOrEqual(12);
  });
});

describe('SQL statements and warehouses', () => {
  const statement =
    'SELECT COUNT(*) FROM fmlops_demo.cards.card_fraud_detector_drift';

  it('lists and gets warehouses', async () => {
    const warehouses = await all(client.warehouses.list({}));
    expect(warehouses.map(w => [w.id, w.state])).toEqual([
      ['f1a2b3c4d5e6f708', 'RUNNING'],
    ]);
    expect(
      (await client.warehouses.get({ id: 'f1a2b3c4d5e6f708' })).name,
    ).toBeTruthy();
    const missing = await apiError(client.warehouses.get({ id: 'nope' }));
    expect(missing.statusCode).toBe(404);
  });

  it('keeps running past a short wait (CONTINUE), then succeeds as time passes', async () => {
    const r = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement,
      wait_timeout: '5s',
      on_wait_timeout: 'CONTINUE',
    });
    expect(r.status?.state).toBe('RUNNING');
    advance(20);
    const done = await client.statementExecution.getStatement({
      statement_id: r.statement_id!,
    });
    expect(done.status?.state).toBe('SUCCEEDED');
  });

  it('cancels at the wait timeout with on_wait_timeout CANCEL, and on request', async () => {
    const r = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement,
      wait_timeout: '5s',
      on_wait_timeout: 'CANCEL',
    });
    expect(r.status?.state).toBe('CANCELED');
    const pending = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement,
      wait_timeout: '0s',
    });
    await client.statementExecution.cancelExecution({
      statement_id: pending.statement_id!,
    });
    advance(30);
    const polled = await client.statementExecution.getStatement({
      statement_id: pending.statement_id!,
    });
    expect(polled.status?.state).toBe('CANCELED');
  });

  it('cuts the result at row_limit and says it is truncated', async () => {
    const r = await client.statementExecution.executeStatement({
      warehouse_id: ws.warehouseId,
      statement:
        'SELECT feature FROM fmlops_demo.cards.card_fraud_detector_drift',
      wait_timeout: '30s',
      row_limit: 3,
    });
    expect(r.manifest).toMatchObject({ total_row_count: 3, truncated: true });
    expect(r.result?.data_array).toHaveLength(3);
  });

  it.each([
    [{ row_limit: -1 }, 400, /row_limit must be a whole number/],
    [
      { wait_timeout: '3s' },
      400,
      /wait_timeout must be 0s or between 5s and 50s/,
    ],
    [{ format: 'CSV' }, 400, /JSON_ARRAY only/],
    [{ warehouse_id: 'nope' }, 404, /Warehouse 'nope' does not exist/],
  ])('refuses %j', async (override, status, message) => {
    const error = await apiError(
      client.statementExecution.executeStatement({
        warehouse_id: ws.warehouseId,
        statement,
        ...(override as object),
      }),
    );
    expect(error.statusCode).toBe(status);
    expect(error.message).toMatch(message);
  });
});

describe('faults', () => {
  it('resets the connection on a faulted route', async () => {
    ws.faults.add({
      path: '/api/2.0/serving-endpoints',
      kind: 'reset',
      count: 1,
    });
    await expect(all(client.servingEndpoints.list())).rejects.toThrow();
    expect((await all(client.servingEndpoints.list())).length).toBe(5);
  });

  it('adds latency to a faulted route', async () => {
    ws.faults.add({
      path: '/api/2.1/unity-catalog/models/*',
      kind: 'latency',
      latencyMs: 250,
    });
    const started = Date.now();
    await client.registeredModels.get({
      full_name: 'fmlops_demo.cards.card_fraud_detector',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('answers 500 when asked for it, then recovers when the fault is deleted', async () => {
    const added = await (
      await admin('POST', '/__admin/faults', {
        method: 'GET',
        path: '/api/2.0/mlflow/**',
        kind: 'error',
        status: 500,
      })
    ).json();
    const listed = await (await admin('GET', '/__admin/faults')).json();
    expect(listed.faults).toEqual([
      expect.objectContaining({ id: added.id, fired: 0 }),
    ]);
    const error = await apiError(
      client.experiments.getExperiment({ experiment_id: '1001' }),
    );
    expect(error.statusCode).toBe(500);
    expect(error.errorCode).toBe('INTERNAL_ERROR');
    expect(
      (await (await admin('DELETE', `/__admin/faults/${added.id}`)).json())
        .removed,
    ).toBe(1);
    await client.experiments.getExperiment({ experiment_id: '1001' });
  });

  it('gives up on a 429 once the SDK retry budget is spent', async () => {
    ws.faults.add({ path: '/api/2.0/serving-endpoints/*', kind: 'rate-limit' });
    await expect(
      client.servingEndpoints.get({ name: 'card-fraud-detector' }),
    ).rejects.toThrow();
  });
});

describe('admin API', () => {
  it('requires the token', async () => {
    const res = await fetch(`${ws.url}/__admin/state`, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(403);
  });

  it('reads and advances the emulated clock', async () => {
    const before = Date.parse(
      (await (await admin('GET', '/__admin/clock')).json()).now,
    );
    const res = await admin('POST', '/__admin/clock/advance', {
      seconds: 3600,
    });
    const after = Date.parse((await res.json()).now);
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    expect(
      (await admin('POST', '/__admin/clock/advance', { seconds: -1 })).status,
    ).toBe(400);
  });

  it('lists scenarios, exports the state, imports it back and resets to the scenarios', async () => {
    const { scenarios } = await (
      await admin('GET', '/__admin/scenarios')
    ).json();
    expect(scenarios.map((s: { scenario: string }) => s.scenario)).toEqual([
      'canary',
      'drifting',
      'failing-expectation',
      'healthy',
      'latency-spike',
    ]);
    const fullName = 'fmlops_demo.cards.card_fraud_detector';
    await client.registeredModels.setAlias({
      full_name: fullName,
      alias: 'snapshot_marker',
      version_num: 1,
    });
    const snapshot = await (await admin('GET', '/__admin/state')).json();
    expect(snapshot.format).toBe('fmlops-local-workspace/1');

    expect((await admin('POST', '/__admin/scenarios/reset')).status).toBe(200);
    const reset = await client.registeredModels.get({
      full_name: fullName,
      include_aliases: true,
    });
    expect(reset.aliases?.map(a => a.alias_name)).toEqual(['champion']);
    const versions = await all(
      client.modelVersions.list({
        full_name: 'fmlops_demo.payments.wire_fraud_detector',
      }),
    );
    expect(versions.map(v => v.version)).toEqual([3, 4, 5]);

    expect((await admin('POST', '/__admin/state', snapshot)).status).toBe(200);
    const restored = await client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'snapshot_marker',
    });
    expect(restored.version).toBe(1);
    const bad = await admin('POST', '/__admin/state', { format: 'other' });
    expect(bad.status).toBe(400);
  });
});

describe('bad input', () => {
  it.each([
    ['GET', '/api/2.1/unity-catalog/models/%E0%A4%A', undefined, 400],
    [
      'POST',
      '/api/2.0/mlflow/runs/search',
      { experiment_ids: ['1001'], filter: 5 },
      400,
    ],
    [
      'POST',
      '/api/2.0/mlflow/runs/search',
      { experiment_ids: ['1001'], order_by: 'x' },
      400,
    ],
    [
      'POST',
      '/api/2.0/sql/statements',
      { warehouse_id: 'f1a2b3c4d5e6f708', statement: 5 },
      400,
    ],
    [
      'POST',
      '/api/2.0/sql/statements',
      {
        warehouse_id: 'f1a2b3c4d5e6f708',
        statement: 'SELECT :a',
        parameters: [null],
      },
      400,
    ],
    [
      'PUT',
      '/api/2.0/serving-endpoints/card-fraud-detector/config',
      { served_entities: [null] },
      400,
    ],
    ['POST', '/__admin/state', { format: 'fmlops-local-workspace/1' }, 400],
    ['POST', '/api/2.2/jobs/run-now', '{"job_id": ', 400],
  ])('%s %s %j answers %d, never a 500', async (method, path, body, status) => {
    const res = await fetch(`${ws.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error_code: expect.any(String),
      message: expect.any(String),
    });
  });
});
