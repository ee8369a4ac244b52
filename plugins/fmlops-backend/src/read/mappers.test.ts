import type {
  ml,
  pipelines,
  serving,
} from '@fmlops/backstage-plugin-fmlops-node';
import {
  aliasesByVersion,
  toDriftState,
  toPipelineHealth,
  toRegistryState,
  toServingState,
  toTournamentState,
} from './mappers';

const model = {
  full_name: 'fmlops_demo.payments.ach_payment_anomaly',
  aliases: [
    { alias_name: 'champion', version_num: 3 },
    { alias_name: 'challenger', version_num: 4 },
  ],
};

describe('read mappers', () => {
  it('maps a canary endpoint to versions, aliases, traffic and metrics', () => {
    const endpoint: serving.ServingEndpointDetailed = {
      name: 'ach-payment-anomaly',
      state: { ready: 'READY', config_update: 'NOT_UPDATING' },
      config: {
        config_version: 7,
        served_entities: [
          {
            name: 'ach_payment_anomaly-3',
            entity_name: model.full_name,
            entity_version: '3',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
          {
            name: 'ach_payment_anomaly-4',
            entity_name: model.full_name,
            entity_version: '4',
            workload_size: 'Small',
          },
        ],
        traffic_config: {
          routes: [
            {
              served_model_name: 'ach_payment_anomaly-3',
              traffic_percentage: 90,
            },
            {
              served_model_name: 'ach_payment_anomaly-4',
              traffic_percentage: 10,
            },
          ],
        },
      },
    };
    const minute = Date.UTC(2026, 0, 5, 12, 0);
    const sample = (at: number, requests: number, p99LatencyMs: number) => ({
      servedEntity: 'ach_payment_anomaly-4',
      at,
      timestamped: true,
      requests,
      errors: 1,
      errors4xx: 0,
      errors5xx: 1,
      p50LatencyMs: 20,
      p99LatencyMs,
    });
    // two minutes in one export: the newest is the one shown
    const scrape = {
      scrapedAt: minute + 30_000,
      samples: [sample(minute, 100, 60), sample(minute - 60_000, 50, 90)],
    };
    // what the guardian kept for version 4: two minutes, the second with a slow tail
    const kept = {
      '4': [
        {
          at: minute - 60_000,
          requests: 50,
          errors: 0,
          trafficPercentage: 10,
          p99LatencyMs: 90,
        },
        {
          at: minute,
          requests: 100,
          errors: 1,
          trafficPercentage: 10,
          p99LatencyMs: 60,
        },
      ],
    };
    const state = toServingState(
      endpoint,
      aliasesByVersion(model),
      scrape,
      kept,
    );
    expect(state).toMatchObject({
      endpointName: 'ach-payment-anomaly',
      ready: 'READY',
      configVersion: 7,
    });
    expect(
      state.servedVersions.map(v => [
        v.modelVersion,
        v.trafficPercentage,
        v.aliases,
      ]),
    ).toEqual([
      ['3', 90, ['champion']],
      ['4', 10, ['challenger']],
    ]);
    expect(state.servedVersions[1].metrics).toEqual({
      requests: 100,
      errors: 1,
      errorRate: 0.01,
      p50LatencyMs: 20,
      p99LatencyMs: 60,
    });
    expect(state.servedVersions[1].minutes).toEqual([
      {
        at: '2026-01-05T11:59:00.000Z',
        requests: 50,
        errors: 0,
        errorRate: 0,
        trafficPercentage: 10,
        p99LatencyMs: 90,
      },
      {
        at: '2026-01-05T12:00:00.000Z',
        requests: 100,
        errors: 1,
        errorRate: 0.01,
        trafficPercentage: 10,
        p99LatencyMs: 60,
      },
    ]);
    expect(state.servedVersions[0].minutes).toBeUndefined();
    expect(state.pendingConfig).toBeUndefined();
  });

  it('gives a lone served entity without a traffic config all the traffic', () => {
    const state = toServingState(
      {
        name: 'e',
        state: { ready: 'READY', config_update: 'IN_PROGRESS' },
        config: {
          served_entities: [
            { name: 'm-1', entity_name: 'm', entity_version: '1' },
          ],
        },
        pending_config: {
          start_time: 1_700_000_000_000,
          served_entities: [
            { name: 'm-2', entity_name: 'm', entity_version: '2' },
          ],
        },
      },
      new Map(),
      undefined,
    );
    expect(state.servedVersions[0].trafficPercentage).toBe(100);
    expect(state.configUpdate).toBe('IN_PROGRESS');
    expect(state.pendingConfig?.servedVersions[0].modelVersion).toBe('2');
  });

  it('lists registry versions newest first with champion and challenger', () => {
    const registry = toRegistryState(model.full_name, model, [
      { version: 3, run_id: 'r3', status: 'READY', created_at: 1 },
      { version: 4, run_id: 'r4', status: 'READY', created_at: 2 },
    ]);
    expect(registry).toMatchObject({ champion: '3', challenger: '4' });
    expect(registry.versions.map(v => v.version)).toEqual(['4', '3']);
    expect(registry.versions.some(v => 'lineage' in v)).toBe(false);
  });

  it('says which environment and version a copied registry version came from', () => {
    const prd = 'fmlops_prd.payments.payments_fraud_scorer';
    const registry = toRegistryState(
      prd,
      { full_name: prd, aliases: [{ alias_name: 'champion', version_num: 2 }] },
      [
        {
          version: 2,
          run_id: 'r7',
          source: 'models:/fmlops_acc.payments.payments_fraud_scorer/3',
        },
      ],
      [
        { name: 'dev', ucModel: 'fmlops_dev.payments.payments_fraud_scorer' },
        { name: 'acc', ucModel: 'fmlops_acc.payments.payments_fraud_scorer' },
        { name: 'prd', ucModel: prd },
      ],
    );
    expect(registry.versions[0].lineage).toEqual({
      sourceEnvironment: 'acc',
      sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
      sourceVersion: '3',
      runId: 'r7',
    });
  });

  it('groups tournament runs and ranks them by the primary metric', () => {
    const run = (
      id: string,
      tournament: string,
      algorithm: string,
      prAuc: number,
      start: number,
    ): ml.Run => ({
      info: { run_id: id, run_name: algorithm, start_time: start },
      data: {
        params: [{ key: 'algorithm', value: algorithm }],
        metrics: [
          { key: 'pr_auc', value: prAuc },
          { key: 'f1', value: prAuc - 0.1 },
          { key: 'loss', value: 1 },
        ],
        tags: [{ key: 'fmlops.tournament_id', value: tournament }],
      },
    });
    const state = toTournamentState(
      [
        run('a', 't1', 'xgboost', 0.7, 1000),
        run('b', 't1', 'isolation_forest', 0.4, 1000),
        run('c', 't2', 'lightgbm', 0.9, 5000),
        run('d', 't2', 'random_forest', 0.8, 5000),
      ],
      'pr_auc',
      r => `https://ws/#mlflow/runs/${r.info?.run_id}`,
      10,
    );
    expect(state.tournaments.map(t => t.tournamentId)).toEqual(['t2', 't1']);
    expect(
      state.tournaments[0].entries.map(e => [e.algorithm, e.winner]),
    ).toEqual([
      ['lightgbm', true],
      ['random_forest', false],
    ]);
    expect(state.tournaments[0].entries[0].metrics).toEqual({
      pr_auc: 0.9,
      f1: 0.8,
    });
    expect(state.tournaments[1].entries[0].runUrl).toBe(
      'https://ws/#mlflow/runs/a',
    );
  });

  it('summarises drift windows with statuses from the thresholds', () => {
    const rows = [
      {
        window_start: '2026-11-20T00:00:00Z',
        feature: 'amount',
        feature_type: 'numerical',
        psi: 0.05,
        js_divergence: 0.001,
        js_distance: 0.03,
      },
      {
        window_start: '2026-11-20T00:00:00Z',
        feature: 'merchant_category',
        feature_type: 'categorical',
        psi: 0.02,
        js_divergence: 0.001,
        js_distance: 0.02,
      },
      {
        window_start: '2026-11-21T00:00:00Z',
        feature: 'amount',
        feature_type: 'numerical',
        psi: 0.35,
        js_divergence: 0.04,
        js_distance: 0.2,
      },
      {
        window_start: '2026-11-21T00:00:00Z',
        feature: 'merchant_category',
        feature_type: 'categorical',
        psi: 0.15,
        js_divergence: 0.004,
        js_distance: 0.06,
      },
    ];
    const drift = toDriftState(rows);
    expect(drift.trend.map(w => w.status)).toEqual(['stable', 'drift']);
    expect(drift.latest?.features.map(f => [f.feature, f.status])).toEqual([
      ['amount', 'drift'],
      ['merchant_category', 'warning'],
    ]);
    expect(drift.latest?.driftedFeatures).toBe(1);
    expect(drift.featureTrends.amount).toEqual([0.05, 0.35]);
    expect(toDriftState([]).latest).toBeUndefined();
  });

  it('reads expectation pass rates per layer from the newest flow progress', () => {
    const event = (dataset: string, passed: number, failed: number) =>
      ({
        event_type: 'flow_progress',
        origin: { flow_name: dataset },
        details: {
          flow_progress: {
            data_quality: {
              expectations: [
                {
                  name: 'valid_price',
                  dataset,
                  passed_records: passed,
                  failed_records: failed,
                },
              ],
            },
          },
        },
      } as pipelines.PipelineEvent);
    const health = toPipelineHealth(
      {
        pipeline_id: 'p1',
        name: 'trades',
        state: 'RUNNING',
        health: 'HEALTHY',
        latest_updates: [
          {
            update_id: 'u2',
            state: 'COMPLETED',
            creation_time: '2026-11-22T10:00:00Z',
          },
        ],
      },
      [
        event('trades_silver', 900, 100),
        event('trades_bronze', 1000, 0),
        event('trades_silver', 1000, 0),
      ],
    );
    expect(health.datasets.map(d => [d.layer, d.passRate])).toEqual([
      ['bronze', 1],
      ['silver', 0.9],
    ]);
    expect(health.lastUpdate).toEqual({
      updateId: 'u2',
      state: 'COMPLETED',
      creationTime: '2026-11-22T10:00:00Z',
    });
  });
});
