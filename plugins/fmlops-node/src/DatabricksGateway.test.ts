import { mockServices } from '@backstage/backend-test-utils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import { WorkspaceSettings } from './config';
import { DatabricksGateway } from './DatabricksGateway';
import {
  DatabricksConflictError,
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
  DatabricksPermissionError,
  DatabricksRateLimitedError,
  DatabricksUnavailableError,
  UnknownWorkspaceError,
} from './errors';

const TOKEN = 'dapi-gateway-test-0123456789abcdef';

const CARD_MODEL = 'fmlops_demo.cards.card_fraud_detector';
const ACH_MODEL = 'fmlops_demo.payments.ach_payment_anomaly';
const TRADE_MODEL = 'fmlops_demo.markets.trade_anomaly_detector';

let workspace: LocalWorkspace;

function settings(
  overrides: Partial<WorkspaceSettings> = {},
): WorkspaceSettings {
  return {
    alias: 'dev',
    host: workspace.url,
    auth: { type: 'pat', token: TOKEN },
    warehouseId: workspace.warehouseId,
    requestTimeoutMs: 2_000,
    statementTimeoutMs: 5_000,
    maxAttempts: 3,
    initialBackoffMs: 10,
    maxBackoffMs: 40,
    maxRetryAfterMs: 5_000,
    breakerThreshold: 5,
    breakerHalfOpenAfterMs: 300,
    ...overrides,
  };
}

function gatewayWith(overrides: Partial<WorkspaceSettings> = {}) {
  return DatabricksGateway.create({
    workspaces: [settings(overrides)],
    logger: mockServices.logger.mock(),
  });
}

/** Requests the local workspace received for one method and path. */
const hits = (route: string) => workspace.requests.get(route) ?? 0;

/** Requests for SQL result chunks after the first. */
const chunkRequests = () =>
  [...workspace.requests]
    .filter(([key]) => key.includes('/result/chunks/'))
    .reduce((sum, [, n]) => sum + n, 0);

beforeAll(async () => {
  workspace = await startLocalWorkspace({
    port: 0,
    token: TOKEN,
    scenarios: ['healthy', 'canary', 'drifting'],
    statementChunkRows: 7,
  });
});

afterAll(async () => {
  await workspace?.stop();
});

afterEach(() => {
  workspace.faults.remove();
});

describe('DatabricksGateway against the local workspace', () => {
  describe('Model Serving', () => {
    it('lists and reads endpoints', async () => {
      const gateway = gatewayWith();
      const endpoints = await gateway.listServingEndpoints('dev');
      expect(endpoints.map(e => e.name).sort()).toEqual([
        'ach-payment-anomaly',
        'card-fraud-detector',
        'trade-anomaly-detector',
      ]);
      const canary = await gateway.getServingEndpoint(
        'dev',
        'ach-payment-anomaly',
      );
      expect(
        canary.config?.traffic_config?.routes?.map(r => r.traffic_percentage),
      ).toEqual([90, 10]);
    });

    it('reads the metrics export as per-minute samples per served entity', async () => {
      const gateway = gatewayWith();
      await gateway.queryEndpoint('dev', {
        name: 'card-fraud-detector',
        dataframe_records: [{ amount: 12.5 }, { amount: 9000 }],
      });
      const text = await gateway.exportServingMetrics(
        'dev',
        'card-fraud-detector',
      );
      expect(text).toContain('# TYPE request_count_total gauge');
      const { scrapedAt, samples } = await gateway.servingMetrics(
        'dev',
        'card-fraud-detector',
      );
      expect(samples.length).toBeGreaterThan(0);
      const [first] = samples;
      expect(first.servedEntity).toBe('card_fraud_detector-3');
      // the last complete minute, stamped at its end by the workspace
      expect(first.timestamped).toBe(true);
      expect(first.at % 60_000).toBe(0);
      expect(Math.abs(scrapedAt - first.at)).toBeLessThan(120_000);
      expect(first.requests).toBeGreaterThan(0);
      expect(first.p50LatencyMs).toBeGreaterThan(0);
      expect(first.p99LatencyMs!).toBeGreaterThanOrEqual(first.p50LatencyMs!);
    });

    it.each([
      [{ entityLabel: 'served_model_name', familyType: 'counter' }, true],
      [{ timestamps: false, latencyHistogram: false }, false],
      [{ entityLabel: 'none' }, true],
    ] as const)(
      'reads the export variant %j as the same per-minute samples',
      async (variant, timestamped) => {
        const gateway = gatewayWith();
        // 60 requests a second on one served entity
        const endpoint = 'trade-anomaly-detector';
        const real = {
          entityLabel: 'served_entity_name',
          familyType: 'gauge',
          timestamps: true,
          latencyHistogram: true,
        } as const;
        workspace.state.serving.setMetricsExport(endpoint, {
          ...real,
          ...variant,
        });
        const after = await gateway.servingMetrics('dev', endpoint);
        const [sample] = after.samples;
        // one served entity: a series without its name is the endpoint's, still this entity's
        expect(after.samples).toHaveLength(1);
        expect(sample.servedEntity).toBe(
          'entityLabel' in variant && variant.entityLabel === 'none'
            ? ''
            : 'trade_anomaly_detector-2',
        );
        expect(sample.timestamped).toBe(timestamped);
        // a minute's worth, however the export writes it
        expect(sample.requests).toBeGreaterThan(3000);
        expect(sample.requests).toBeLessThan(4200);
        expect(sample.p99LatencyMs === undefined).toBe(
          'latencyHistogram' in variant,
        );
        workspace.state.serving.setMetricsExport(endpoint, real);
      },
    );

    it('scores records and rejects an empty query with a 400', async () => {
      const gateway = gatewayWith();
      const scored = await gateway.queryEndpoint('dev', {
        name: 'card-fraud-detector',
        dataframe_records: [{ amount: 1 }, { amount: 2 }, { amount: 3 }],
      });
      expect(scored.predictions).toHaveLength(3);
      await expect(
        gateway.queryEndpoint('dev', {
          name: 'card-fraud-detector',
          dataframe_records: [],
        }),
      ).rejects.toBeInstanceOf(DatabricksInvalidRequestError);
    });

    it('changes the traffic split and returns before the roll-out ends', async () => {
      const gateway = gatewayWith();
      const started = Date.now();
      await gateway.updateServingRoutes(
        'dev',
        'ach-payment-anomaly',
        ACH_MODEL,
        [
          { modelVersion: '3', trafficPercentage: 75 },
          { modelVersion: '4', trafficPercentage: 25 },
        ],
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      const endpoint = await gateway.getServingEndpoint(
        'dev',
        'ach-payment-anomaly',
      );
      expect(endpoint.state?.config_update).toBe('IN_PROGRESS');
      expect(
        endpoint.pending_config?.traffic_config?.routes?.map(r => [
          r.served_model_name,
          r.traffic_percentage,
        ]),
      ).toEqual([
        ['ach_payment_anomaly-3', 75],
        ['ach_payment_anomaly-4', 25],
      ]);
    });

    it('keeps every setting of the served entities when it changes the split, and gives a new version the busiest one', async () => {
      const gateway = gatewayWith();
      const name = 'trade-anomaly-detector';
      const gpu = {
        name: 'trade_anomaly_detector-2',
        entity_name: TRADE_MODEL,
        entity_version: '2',
        workload_type: 'GPU_MEDIUM' as const,
        workload_size: 'Medium',
        scale_to_zero_enabled: true,
        environment_vars: { FEATURE_STORE: '{{secrets/fraud/fs}}' },
        instance_profile_arn: 'arn:aws:iam::123456789012:instance-profile/fs',
      };
      const throughput = {
        name: 'trade_anomaly_detector-1',
        entity_name: TRADE_MODEL,
        entity_version: '1',
        min_provisioned_throughput: 0,
        max_provisioned_throughput: 970,
        environment_vars: { MODE: 'shadow' },
      };
      const applyPending = () => {
        workspace.clock.advance(60_000);
        workspace.state.tick();
      };
      workspace.state.updateConfig(name, {
        name,
        served_entities: [gpu, throughput],
        traffic_config: {
          routes: [
            { served_model_name: gpu.name, traffic_percentage: 80 },
            { served_model_name: throughput.name, traffic_percentage: 20 },
          ],
        },
      });
      applyPending();
      const servedSettings = async () =>
        Object.fromEntries(
          (
            (await gateway.getServingEndpoint('dev', name)).config
              ?.served_entities ?? []
          ).map(
            ({
              creation_timestamp: _c,
              creator: _u,
              state: _s,
              name: entityName,
              ...rest
            }) => [entityName, rest],
          ),
        );

      const { name: _g, ...gpuSettings } = gpu;
      const { name: _t, ...throughputSettings } = throughput;

      await gateway.updateServingRoutes('dev', name, TRADE_MODEL, [
        { modelVersion: '2', trafficPercentage: 50 },
        { modelVersion: '1', trafficPercentage: 50 },
      ]);
      applyPending();
      expect(await servedSettings()).toEqual({
        [gpu.name]: gpuSettings,
        [throughput.name]: {
          ...throughputSettings,
          workload_type: 'CPU',
          scale_to_zero_enabled: false,
        },
      });

      // only version 1 stays; then version 2 comes back as a new one, served as version 1 is
      await gateway.updateServingRoutes('dev', name, TRADE_MODEL, [
        { modelVersion: '1', trafficPercentage: 100 },
      ]);
      applyPending();
      await gateway.updateServingRoutes('dev', name, TRADE_MODEL, [
        { modelVersion: '1', trafficPercentage: 70 },
        { modelVersion: '2', trafficPercentage: 30 },
      ]);
      applyPending();
      const { entity_version: _v, ...copied } = throughputSettings;
      expect(await servedSettings()).toEqual({
        [throughput.name]: expect.objectContaining(throughputSettings),
        [gpu.name]: expect.objectContaining({ ...copied, entity_version: '2' }),
      });
    });

    it('refuses to change the split of an endpoint that also serves another model, which the new config would drop', async () => {
      const gateway = gatewayWith();
      const name = 'card-fraud-detector';
      const before = await gateway.getServingEndpoint('dev', name);
      const served = before.config?.served_entities ?? [];
      workspace.state.updateConfig(name, {
        name,
        served_entities: [
          ...served.map(
            ({ creation_timestamp: _c, creator: _u, state: _s, ...e }) => e,
          ),
          {
            name: 'shadow-trade',
            entity_name: TRADE_MODEL,
            entity_version: '1',
          },
        ],
        traffic_config: {
          routes: [
            ...served.map((e, i) => ({
              served_model_name: e.name,
              traffic_percentage: i === 0 ? 100 : 0,
            })),
            { served_model_name: 'shadow-trade', traffic_percentage: 0 },
          ],
        },
      });
      workspace.clock.advance(60_000);
      workspace.state.tick();
      await expect(
        gateway.updateServingRoutes('dev', name, CARD_MODEL, [
          {
            modelVersion: String(served[0].entity_version),
            trafficPercentage: 100,
          },
        ]),
      ).rejects.toThrow(/also serves shadow-trade/);
      const after = await gateway.getServingEndpoint('dev', name);
      expect(after.config?.served_entities?.map(e => e.name)).toContain(
        'shadow-trade',
      );
    });

    it('refuses a split that does not add up to 100 without calling Databricks', async () => {
      const gateway = gatewayWith();
      const before = workspace.totalRequests();
      await expect(
        gateway.updateServingRoutes('dev', 'ach-payment-anomaly', ACH_MODEL, [
          { modelVersion: '3', trafficPercentage: 80 },
          { modelVersion: '4', trafficPercentage: 10 },
        ]),
      ).rejects.toThrow(/add up to 100, got 90/);
      expect(workspace.totalRequests()).toBe(before);
    });
  });

  describe('Unity Catalog', () => {
    it('reads the model with its aliases, its versions and a version by alias', async () => {
      const gateway = gatewayWith();
      const model = await gateway.getRegisteredModel('dev', CARD_MODEL);
      expect(model.full_name).toBe(CARD_MODEL);
      expect(model.aliases?.map(a => a.alias_name)).toContain('champion');
      const versions = await gateway.listModelVersions('dev', CARD_MODEL);
      expect(versions.length).toBeGreaterThanOrEqual(2);
      const champion = await gateway.getModelVersionByAlias(
        'dev',
        CARD_MODEL,
        'champion',
      );
      expect(
        model.aliases?.find(a => a.alias_name === 'champion')?.version_num,
      ).toBe(champion.version);
    });

    it('reads one version with the run that trained it; a version that is not there is not found', async () => {
      const gateway = gatewayWith();
      const [listed] = await gateway.listModelVersions('dev', CARD_MODEL);
      const version = await gateway.getModelVersion(
        'dev',
        CARD_MODEL,
        String(listed.version),
      );
      expect(version).toMatchObject({
        version: listed.version,
        run_id: listed.run_id,
        source: listed.source,
      });
      await expect(
        gateway.getModelVersion('dev', CARD_MODEL, '999'),
      ).rejects.toBeInstanceOf(DatabricksNotFoundError);
      const total = () =>
        [...workspace.requests.values()].reduce((sum, n) => sum + n, 0);
      const before = total();
      await expect(
        gateway.getModelVersion('dev', CARD_MODEL, 'latest'),
      ).rejects.toBeInstanceOf(DatabricksInvalidRequestError);
      await expect(
        gateway.getModelVersionTags('dev', CARD_MODEL, '0'),
      ).rejects.toBeInstanceOf(DatabricksInvalidRequestError);
      // refused before any request
      expect(total()).toBe(before);
    });

    it('sets and deletes an alias', async () => {
      const gateway = gatewayWith();
      await gateway.setAlias('dev', CARD_MODEL, 'fmlops_test', '1');
      expect(
        (await gateway.getModelVersionByAlias('dev', CARD_MODEL, 'fmlops_test'))
          .version,
      ).toBe(1);
      await gateway.deleteAlias('dev', CARD_MODEL, 'fmlops_test');
      await expect(
        gateway.getModelVersionByAlias('dev', CARD_MODEL, 'fmlops_test'),
      ).rejects.toBeInstanceOf(DatabricksNotFoundError);
      // deleting it again is fine; on a model that does not exist it is not
      await gateway.deleteAlias('dev', CARD_MODEL, 'fmlops_test');
      await expect(
        gateway.deleteAlias('dev', 'fmlops_demo.cards.nope', 'fmlops_test'),
      ).rejects.toBeInstanceOf(DatabricksNotFoundError);
    });

    it('creates a schema and a registered model once, then finds them', async () => {
      const gateway = gatewayWith();
      expect(
        await gateway.ensureSchema('dev', 'fmlops_demo', 'gateway_test'),
      ).toBe(true);
      expect(
        await gateway.ensureSchema('dev', 'fmlops_demo', 'gateway_test'),
      ).toBe(false);
      expect(
        await gateway.ensureRegisteredModel(
          'dev',
          'fmlops_demo',
          'gateway_test',
          'new_detector',
          'made by a test',
        ),
      ).toBe(true);
      expect(
        await gateway.ensureRegisteredModel(
          'dev',
          'fmlops_demo',
          'gateway_test',
          'new_detector',
        ),
      ).toBe(false);
      await expect(
        gateway.createSchema('dev', {
          catalog_name: 'fmlops_demo',
          name: 'gateway_test',
        }),
      ).rejects.toBeInstanceOf(DatabricksConflictError);
    });

    it("reads the model's tags through MLflow's registry for Unity Catalog", async () => {
      const gateway = gatewayWith();
      await expect(
        gateway.getRegisteredModelTags('dev', CARD_MODEL),
      ).resolves.toEqual({
        'fmlops-entity-refs':
          'resource:default/card-fraud-detector component:default/card-fraud-detector-pipeline',
      });
      const missing = await gateway
        .getRegisteredModelTags('dev', 'fmlops_demo.cards.nope')
        .catch(e => e);
      expect(missing).toBeInstanceOf(DatabricksNotFoundError);
      expect(missing.operation).toBe('mlflowRegisteredModels.get');
    });

    it('maps a missing model to DatabricksNotFoundError with its context', async () => {
      const gateway = gatewayWith();
      const error = await gateway
        .getRegisteredModel('dev', 'fmlops_demo.cards.nope')
        .catch(e => e);
      expect(error).toBeInstanceOf(DatabricksNotFoundError);
      expect(error).toMatchObject({
        name: 'NotFoundError',
        workspace: 'dev',
        operation: 'registeredModels.get',
        errorCode: 'RESOURCE_DOES_NOT_EXIST',
        httpStatus: 404,
      });
    });
  });

  describe('MLflow', () => {
    it('reads an experiment by id and by name, and searches its runs with a cap', async () => {
      const gateway = gatewayWith();
      const experiment = await gateway.getExperiment('dev', '1001');
      expect(experiment.experiment_id).toBe('1001');
      const byName = await gateway.getExperimentByName('dev', experiment.name!);
      expect(byName.experiment_id).toBe('1001');

      const runs = await gateway.searchRuns('dev', {
        experimentIds: ['1001'],
        orderBy: ['metrics.pr_auc DESC'],
        maxResults: 3,
      });
      expect(runs).toHaveLength(3);
      const prAuc = runs.map(
        r => r.data?.metrics?.find(m => m.key === 'pr_auc')?.value ?? 0,
      );
      expect([...prAuc].sort((a, b) => b - a)).toEqual(prAuc);
      const run = await gateway.getRun('dev', runs[0].info!.run_id!);
      expect(run.info?.run_id).toBe(runs[0].info!.run_id);
    });

    it('refuses a search without experiments or with a bad cap', async () => {
      const gateway = gatewayWith();
      await expect(
        gateway.searchRuns('dev', { experimentIds: [], maxResults: 5 }),
      ).rejects.toBeInstanceOf(DatabricksInvalidRequestError);
      await expect(
        gateway.searchRuns('dev', { experimentIds: ['1001'], maxResults: 0 }),
      ).rejects.toThrow(/at least 1/);
    });
  });

  describe('Jobs', () => {
    it('starts a run once per idempotency token, reads it and lists runs', async () => {
      const gateway = gatewayWith();
      const token = `test-${Date.now()}`;
      const first = await gateway.runJob('dev', '2001', token);
      const again = await gateway.runJob('dev', '2001', token);
      expect(again.runId).toBe(first.runId);
      const run = await gateway.getJobRun('dev', first.runId);
      expect(run.job_id).toBe(2001);
      const runs = await gateway.listJobRuns('dev', '2001', 2);
      expect(runs).toHaveLength(2);
      expect(runs.map(r => String(r.run_id))).toContain(first.runId);
    });

    it('cancels a run, and cancelling it again changes nothing', async () => {
      const gateway = gatewayWith();
      const { runId } = await gateway.runJob(
        'dev',
        '2001',
        `cancel-${Date.now()}`,
      );
      await gateway.cancelJobRun('dev', runId);
      await gateway.cancelJobRun('dev', runId);
      const run = await gateway.getJobRun('dev', runId);
      expect(run.state?.life_cycle_state).toBe('TERMINATED');
      expect(run.state?.result_state).toBe('CANCELED');
    });

    it("reads a job's settings with its tags; an unknown job is not found", async () => {
      const gateway = gatewayWith();
      const job = await gateway.getJob('dev', '2021');
      expect(job.settings?.tags?.['fmlops-entity-refs']).toBe(
        'resource:default/ach-payment-anomaly component:default/ach-payment-anomaly-pipeline',
      );
      // Databricks answers 400 "Job 1 does not exist." for a missing job
      const missing = await gateway.getJob('dev', '1').catch(e => e);
      expect(missing).toBeInstanceOf(DatabricksNotFoundError);
      expect(missing.message).toMatch(/job 1 does not exist/);
      await expect(gateway.getJob('dev', 'x')).rejects.toBeInstanceOf(
        DatabricksInvalidRequestError,
      );
    });

    it('retries run-now on a 503 because the token makes it safe', async () => {
      const gateway = gatewayWith();
      workspace.faults.add({
        method: 'POST',
        path: '/api/*/jobs/run-now',
        kind: 'error',
        status: 503,
        count: 1,
      });
      const before = hits('POST /api/2.2/jobs/run-now');
      const started = await gateway.runJob(
        'dev',
        '2011',
        `retry-${Date.now()}`,
      );
      expect(started.runId).toMatch(/^\d+$/);
      expect(hits('POST /api/2.2/jobs/run-now') - before).toBe(2);
    });
  });

  describe('promotion across environments', () => {
    // dev and acc share one metastore: acc's promotion job copies dev's version into acc's catalog
    let environments: LocalWorkspace;
    let gateway: DatabricksGateway;
    const DEV_MODEL = 'fmlops_dev.payments.payments_fraud_scorer';
    const ACC_MODEL = 'fmlops_acc.payments.payments_fraud_scorer';

    beforeAll(async () => {
      environments = await startLocalWorkspace({
        token: TOKEN,
        timeScale: 600,
        workspaces: ['dev', 'acc'].map(alias => ({
          alias,
          port: 0,
          scenarios: [`payments-fraud-scorer-${alias}`],
        })),
      });
      gateway = DatabricksGateway.create({
        workspaces: environments.workspaces.map(w =>
          settings({ alias: w.alias!, host: w.url }),
        ),
        logger: mockServices.logger.mock(),
      });
    });

    afterAll(async () => {
      await environments?.stop();
    });

    it('runs the promotion job with job parameters and reads the copy’s lineage tags', async () => {
      const token = `promote-${Date.now()}`;
      const parameters = {
        source_model: DEV_MODEL,
        source_version: '2',
        target_model: ACC_MODEL,
        source_environment: 'dev',
      };
      const { runId } = await gateway.runJob('acc', '3203', token, parameters);
      // the same token with the same parameters is the same run
      expect(
        (await gateway.runJob('acc', '3203', token, parameters)).runId,
      ).toBe(runId);
      let run = await gateway.getJobRun('acc', runId);
      for (
        let i = 0;
        i < 100 && run.state?.life_cycle_state !== 'TERMINATED';
        i++
      ) {
        await new Promise(r => setTimeout(r, 50));
        run = await gateway.getJobRun('acc', runId);
      }
      expect(run.state?.result_state).toBe('SUCCESS');
      const copy = (await gateway.listModelVersions('acc', ACC_MODEL)).find(
        v => v.source === `models:/${DEV_MODEL}/2`,
      )!;
      const source = await gateway.getModelVersion('dev', DEV_MODEL, '2');
      expect(copy.run_id).toBe(source.run_id);
      await expect(
        gateway.getModelVersionTags('acc', ACC_MODEL, String(copy.version)),
      ).resolves.toMatchObject({
        'fmlops.source_model': DEV_MODEL,
        'fmlops.source_version': '2',
        'fmlops.source_environment': 'dev',
      });
      const missing = await gateway
        .getModelVersionTags('acc', ACC_MODEL, '99')
        .catch(e => e);
      expect(missing).toBeInstanceOf(DatabricksNotFoundError);
      expect(missing.operation).toBe('mlflowModelVersions.get');
    });
  });

  describe('Pipelines', () => {
    it('reads the pipeline, its newest events up to a cap and its updates', async () => {
      const gateway = gatewayWith();
      const pipelineId = '4f1c2a10-0001-4d6e-9a3b-000000000001';
      const pipeline = await gateway.getPipeline('dev', pipelineId);
      expect(pipeline.pipeline_id).toBe(pipelineId);
      const events = await gateway.listPipelineEvents('dev', pipelineId, 3);
      expect(events).toHaveLength(3);
      const updates = await gateway.listPipelineUpdates('dev', pipelineId);
      expect(updates.length).toBeGreaterThan(0);
      expect(updates[0].pipeline_id).toBe(pipelineId);
    });
  });

  describe('SQL', () => {
    const driftTable = 'fmlops_demo.markets.trade_anomaly_detector_drift';

    it('returns typed rows assembled from every chunk', async () => {
      const gateway = gatewayWith();
      const before = chunkRequests();
      const rows = await gateway.executeStatement(
        'dev',
        `SELECT feature, psi, current_count, window_start FROM ${driftTable} ORDER BY window_start, feature`,
      );
      const [{ n }] = await gateway.executeStatement(
        'dev',
        `SELECT COUNT(*) AS n FROM ${driftTable}`,
      );
      expect(rows).toHaveLength(n as number);
      expect(rows.length).toBeGreaterThan(14);
      // 7 rows per chunk: the first comes with the statement, the others one request each
      expect(chunkRequests() - before).toBe(Math.ceil(rows.length / 7) - 1);
      expect(typeof rows[0].feature).toBe('string');
      expect(typeof rows[0].psi).toBe('number');
      expect(typeof rows[0].current_count).toBe('number');
      expect(
        new Set(rows.map(r => `${r.window_start}|${r.feature}`)).size,
      ).toBe(rows.length);
    });

    it('binds named parameters', async () => {
      const gateway = gatewayWith();
      const rows = await gateway.executeStatement(
        'dev',
        `SELECT feature, psi FROM ${driftTable} WHERE psi >= :min ORDER BY psi DESC`,
        [{ name: 'min', value: '0.2', type: 'DOUBLE' }],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every(r => (r.psi as number) >= 0.2)).toBe(true);
    });

    it('turns a failed statement into a 400 with the warehouse message', async () => {
      const gateway = gatewayWith();
      const error = await gateway
        .executeStatement(
          'dev',
          'SELECT * FROM fmlops_demo.cards.no_such_table',
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(DatabricksInvalidRequestError);
      expect(error.message).toMatch(/no_such_table/);
    });

    it('needs a warehouse', async () => {
      const gateway = gatewayWith({ warehouseId: undefined });
      await expect(gateway.executeStatement('dev', 'SELECT 1')).rejects.toThrow(
        /fmlops.workspaces.dev.warehouseId/,
      );
    });
  });

  describe('resilience', () => {
    it('retries a 429 after the Retry-After it names, then succeeds', async () => {
      const gateway = gatewayWith();
      workspace.faults.add({
        path: '/api/2.0/serving-endpoints/card-fraud-detector',
        kind: 'rate-limit',
        retryAfterSeconds: 1,
        count: 1,
      });
      const before = hits('GET /api/2.0/serving-endpoints/card-fraud-detector');
      const started = Date.now();
      const endpoint = await gateway.getServingEndpoint(
        'dev',
        'card-fraud-detector',
      );
      const elapsed = Date.now() - started;
      expect(endpoint.name).toBe('card-fraud-detector');
      expect(elapsed).toBeGreaterThanOrEqual(950);
      // the SDK's own 429 sleep (a second and more) is cut short: one wait only
      expect(elapsed).toBeLessThan(1_900);
      expect(
        hits('GET /api/2.0/serving-endpoints/card-fraud-detector') - before,
      ).toBe(2);
    });

    it('fails at once with the wait when Retry-After exceeds the cap', async () => {
      const gateway = gatewayWith({ maxRetryAfterMs: 500 });
      workspace.faults.add({
        path: '/api/2.0/serving-endpoints/card-fraud-detector',
        kind: 'rate-limit',
        retryAfterSeconds: 120,
      });
      const started = Date.now();
      const error = await gateway
        .getServingEndpoint('dev', 'card-fraud-detector')
        .catch(e => e);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(DatabricksRateLimitedError);
      expect(error.retryAfterMs).toBe(120_000);
      expect(error).toMatchObject({ httpStatus: 429 });
    });

    it('retries a 503 twice and succeeds on the third attempt', async () => {
      const gateway = gatewayWith();
      workspace.faults.add({
        path: '/api/2.1/unity-catalog/models/*',
        kind: 'error',
        status: 503,
        count: 2,
      });
      const before = workspace.totalRequests();
      const model = await gateway.getRegisteredModel('dev', CARD_MODEL);
      expect(model.full_name).toBe(CARD_MODEL);
      expect(workspace.totalRequests() - before).toBe(3);
    });

    it('gives up after maxAttempts with DatabricksUnavailableError', async () => {
      const gateway = gatewayWith({ maxAttempts: 2 });
      workspace.faults.add({
        path: '/api/2.0/pipelines/*',
        kind: 'error',
        status: 500,
      });
      const before = workspace.totalRequests();
      const error = await gateway
        .getPipeline('dev', '4f1c2a10-0001-4d6e-9a3b-000000000001')
        .catch(e => e);
      expect(error).toBeInstanceOf(DatabricksUnavailableError);
      expect(error).toMatchObject({
        name: 'ServiceUnavailableError',
        errorCode: 'INTERNAL_ERROR',
        httpStatus: 500,
      });
      expect(workspace.totalRequests() - before).toBe(2);
    });

    it('does not repeat a non-idempotent call after a 503', async () => {
      const gateway = gatewayWith();
      workspace.faults.add({
        method: 'POST',
        path: '/api/2.1/unity-catalog/schemas',
        kind: 'error',
        status: 503,
      });
      const before = workspace.totalRequests();
      await expect(
        gateway.createSchema('dev', {
          catalog_name: 'fmlops_demo',
          name: 'never_created',
        }),
      ).rejects.toBeInstanceOf(DatabricksUnavailableError);
      expect(workspace.totalRequests() - before).toBe(1);
    });

    it('times a stalled request out within the configured time-out', async () => {
      const gateway = gatewayWith({ requestTimeoutMs: 300, maxAttempts: 2 });
      workspace.faults.add({
        path: '/api/2.0/serving-endpoints/trade-anomaly-detector',
        kind: 'stall',
      });
      const started = Date.now();
      const error = await gateway
        .getServingEndpoint('dev', 'trade-anomaly-detector')
        .catch(e => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(DatabricksUnavailableError);
      expect(error.message).toMatch(/no answer within 300 ms/);
      // two attempts of 300 ms and one short backoff
      expect(elapsed).toBeGreaterThanOrEqual(600);
      expect(elapsed).toBeLessThan(1_500);
      // the stalled sockets were destroyed: the next call goes through at once
      workspace.faults.remove();
      await expect(
        gateway.getServingEndpoint('dev', 'trade-anomaly-detector'),
      ).resolves.toMatchObject({ name: 'trade-anomaly-detector' });
    });

    it('gives each page of a listing its own deadline', async () => {
      const gateway = gatewayWith({ requestTimeoutMs: 400, maxAttempts: 1 });
      for (let i = 0; i < 30; i++) {
        await gateway.runJob('dev', '2021', `paging-${i}-${Date.now()}`);
      }
      workspace.faults.add({
        path: '/api/*/jobs/runs/list',
        kind: 'latency',
        latencyMs: 250,
      });
      const started = Date.now();
      const runs = await gateway.listJobRuns('dev', '2021', 30);
      // two pages of 25 and 5, 250 ms each: longer than one deadline, within each
      expect(runs).toHaveLength(30);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    });

    it('retries a connection reset', async () => {
      const gateway = gatewayWith();
      workspace.faults.add({
        path: '/api/2.0/mlflow/experiments/get',
        kind: 'reset',
        count: 1,
      });
      await expect(gateway.getExperiment('dev', '1002')).resolves.toMatchObject(
        { experiment_id: '1002' },
      );
    });

    it('opens the breaker after repeated failures, fails fast, then recovers half-open', async () => {
      const logger = mockServices.logger.mock();
      const gateway = DatabricksGateway.create({
        workspaces: [
          settings({
            maxAttempts: 2,
            breakerThreshold: 3,
            breakerHalfOpenAfterMs: 400,
          }),
        ],
        logger,
      });
      workspace.faults.add({
        path: '/api/2.0/serving-endpoints/**',
        kind: 'error',
        status: 503,
      });
      const read = () =>
        gateway.getServingEndpoint('dev', 'card-fraud-detector');
      // each call fails after its two attempts; the third failed call opens the breaker
      await expect(read()).rejects.toBeInstanceOf(DatabricksUnavailableError);
      await expect(read()).rejects.toBeInstanceOf(DatabricksUnavailableError);
      expect(gateway.health().dev).toMatchObject({
        breaker: 'closed',
        consecutiveFailures: 2,
      });
      await expect(read()).rejects.toBeInstanceOf(DatabricksUnavailableError);
      expect(gateway.health().dev).toMatchObject({ breaker: 'open' });
      expect(gateway.health().dev.halfOpenAt).toBeDefined();

      const before = workspace.totalRequests();
      const started = Date.now();
      const fast = await read().catch(e => e);
      expect(Date.now() - started).toBeLessThan(50);
      expect(fast).toBeInstanceOf(DatabricksUnavailableError);
      expect(fast.message).toMatch(/circuit breaker open/);
      expect(workspace.totalRequests()).toBe(before);

      workspace.faults.remove();
      await new Promise(r => setTimeout(r, 450));
      await expect(read()).resolves.toMatchObject({
        name: 'card-fraud-detector',
      });
      expect(gateway.health().dev).toMatchObject({
        breaker: 'closed',
        consecutiveFailures: 0,
      });
    });

    it('keeps the breaker closed while retries absorb a share of failed requests', async () => {
      const gateway = gatewayWith({ maxAttempts: 3, breakerThreshold: 2 });
      for (let i = 0; i < 6; i++) {
        // the first attempt of every call fails, its retry succeeds
        workspace.faults.add({
          path: '/api/2.0/serving-endpoints/**',
          kind: 'error',
          status: 500,
          count: 1,
        });
        await expect(
          gateway.getServingEndpoint('dev', 'card-fraud-detector'),
        ).resolves.toMatchObject({ name: 'card-fraud-detector' });
      }
      expect(gateway.health().dev).toMatchObject({
        breaker: 'closed',
        consecutiveFailures: 0,
      });
    });

    it('keeps the breaker closed on answers about the request itself (404)', async () => {
      const gateway = gatewayWith({ breakerThreshold: 2 });
      for (let i = 0; i < 3; i++) {
        await expect(
          gateway.getServingEndpoint('dev', 'no-such-endpoint'),
        ).rejects.toBeInstanceOf(DatabricksNotFoundError);
      }
      expect(gateway.health().dev.breaker).toBe('closed');
    });
  });

  describe('credentials and aliases', () => {
    it('maps a refused token to DatabricksPermissionError without the token anywhere', async () => {
      const wrongToken = 'dapi-not-the-right-token-42';
      const gateway = gatewayWith({
        auth: { type: 'pat', token: wrongToken },
      });
      const error = await gateway
        .getServingEndpoint('dev', 'card-fraud-detector')
        .catch(e => e);
      expect(error).toBeInstanceOf(DatabricksPermissionError);
      expect(error).toMatchObject({
        name: 'NotAllowedError',
        httpStatus: 403,
        errorCode: 'PERMISSION_DENIED',
      });
      expect(error.message).not.toContain(wrongToken);
      expect(JSON.stringify(error)).not.toContain(wrongToken);
      expect(error.stack).not.toContain(wrongToken);
      expect(JSON.stringify(gateway.health())).not.toContain(wrongToken);
    });

    it('throws UnknownWorkspaceError for an alias not configured', async () => {
      const gateway = gatewayWith();
      const error = await gateway
        .getServingEndpoint('prd', 'card-fraud-detector')
        .catch(e => e);
      expect(error).toBeInstanceOf(UnknownWorkspaceError);
      expect(error).toMatchObject({ name: 'InputError', workspace: 'prd' });
      expect(error.message).toMatch(/configured: dev/);
    });
  });
});
