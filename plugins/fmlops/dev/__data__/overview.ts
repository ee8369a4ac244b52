import type {
  AuditEvent,
  DriftComparison,
  ModelEvaluation,
  ModelOverview,
  Operation,
} from '@fmlops/backstage-plugin-fmlops-common';
import { DEFAULT_POLICY } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * The canary demo model (ach-payment-anomaly: 90 % champion v3, 10 % challenger v4) as the
 * backend serves it. Reused by the tests and by the dev app.
 */

export const ACH_REF = 'resource:default/ach-payment-anomaly';
export const WINDOWS = [
  '2026-11-20T00:00:00.000Z',
  '2026-11-20T01:00:00.000Z',
  '2026-11-20T02:00:00.000Z',
  '2026-11-20T03:00:00.000Z',
];

export const achOverview: ModelOverview = {
  entityRef: ACH_REF,
  coordinates: {
    workspace: 'dev',
    ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
    servingEndpoint: 'ach-payment-anomaly',
    mlflowExperiment: '1003',
    tournamentJobId: '2021',
    driftJobId: '2022',
    driftTable: 'fmlops_demo.payments.ach_payment_anomaly_drift',
    dltPipelineId: '4f1c2a10-0003-4d6e-9a3b-000000000003',
  },
  serving: {
    status: 'ok',
    data: {
      endpointName: 'ach-payment-anomaly',
      ready: 'READY',
      configUpdate: 'NOT_UPDATING',
      configVersion: 7,
      servedVersions: [
        {
          servedEntityName: 'ach_payment_anomaly-3',
          modelName: 'fmlops_demo.payments.ach_payment_anomaly',
          modelVersion: '3',
          aliases: ['champion'],
          trafficPercentage: 90,
          workloadSize: 'Small',
          scaleToZeroEnabled: false,
          metrics: {
            requests: 9000,
            errors: 9,
            errorRate: 0.001,
            p50LatencyMs: 18.2,
            p99LatencyMs: 61.5,
          },
        },
        {
          servedEntityName: 'ach_payment_anomaly-4',
          modelName: 'fmlops_demo.payments.ach_payment_anomaly',
          modelVersion: '4',
          aliases: ['challenger'],
          trafficPercentage: 10,
          workloadSize: 'Small',
          scaleToZeroEnabled: false,
          metrics: {
            requests: 1000,
            errors: 2,
            errorRate: 0.002,
            p50LatencyMs: 20.1,
            p99LatencyMs: 66.3,
          },
        },
      ],
    },
  },
  registry: {
    status: 'ok',
    data: {
      fullName: 'fmlops_demo.payments.ach_payment_anomaly',
      champion: '3',
      challenger: '4',
      versions: [
        {
          version: '4',
          runId: 'run-ach-4',
          status: 'READY',
          aliases: ['challenger'],
        },
        {
          version: '3',
          runId: 'run-ach-3',
          status: 'READY',
          aliases: ['champion'],
        },
        { version: '2', runId: 'run-ach-2', status: 'READY', aliases: [] },
      ],
    },
  },
  tournament: {
    status: 'ok',
    data: {
      primaryMetric: 'pr_auc',
      tournaments: [
        {
          tournamentId: 't-2026-11-20',
          startedAt: '2026-11-20T04:00:00.000Z',
          jobRunId: '88001',
          entries: [
            {
              runId: 'run-xgb-2',
              runName: 'xgboost',
              algorithm: 'XGBoost',
              metrics: {
                pr_auc: 0.81,
                f1: 0.74,
                precision: 0.79,
                recall: 0.7,
                roc_auc: 0.97,
              },
              params: { max_depth: '6' },
              winner: true,
              runUrl:
                'http://127.0.0.1:8787/ml/experiments/1003/runs/run-xgb-2',
            },
            {
              runId: 'run-lgbm-2',
              runName: 'lightgbm',
              algorithm: 'LightGBM',
              metrics: {
                pr_auc: 0.79,
                f1: 0.76,
                precision: 0.77,
                recall: 0.75,
                roc_auc: 0.96,
              },
              params: { num_leaves: '31' },
              winner: false,
              runUrl:
                'http://127.0.0.1:8787/ml/experiments/1003/runs/run-lgbm-2',
            },
            {
              runId: 'run-rf-2',
              runName: 'random_forest',
              algorithm: 'Random Forest',
              metrics: {
                pr_auc: 0.72,
                f1: 0.69,
                precision: 0.81,
                recall: 0.6,
                roc_auc: 0.94,
              },
              params: { n_estimators: '300' },
              winner: false,
            },
            {
              runId: 'run-if-2',
              runName: 'isolation_forest',
              algorithm: 'Isolation Forest',
              metrics: {
                pr_auc: 0.41,
                f1: 0.45,
                precision: 0.5,
                recall: 0.41,
                roc_auc: 0.83,
              },
              params: { contamination: '0.01' },
              winner: false,
            },
          ],
        },
        {
          tournamentId: 't-2026-11-13',
          startedAt: '2026-11-13T04:00:00.000Z',
          jobRunId: '87001',
          entries: [
            {
              runId: 'run-lgbm-1',
              algorithm: 'LightGBM',
              metrics: { pr_auc: 0.77, f1: 0.72 },
              params: {},
              winner: true,
            },
            {
              runId: 'run-xgb-1',
              algorithm: 'XGBoost',
              metrics: { pr_auc: 0.75, f1: 0.71 },
              params: {},
              winner: false,
            },
          ],
        },
      ],
    },
  },
  drift: {
    status: 'ok',
    data: {
      latest: {
        windowStart: WINDOWS[3],
        windowEnd: '2026-11-20T04:00:00.000Z',
        maxPsi: 0.24,
        maxJsDistance: 0.12,
        driftedFeatures: 1,
        status: 'drift',
        features: [
          {
            feature: 'amount',
            featureType: 'numerical',
            psi: 0.24,
            jsDivergence: 0.0144,
            jsDistance: 0.12,
            status: 'drift',
            distribution: [
              {
                label: '[0, 100)',
                lower: 0,
                upper: 100,
                reference: 500,
                current: 300,
              },
              {
                label: '[100, 1000)',
                lower: 100,
                upper: 1000,
                reference: 400,
                current: 450,
              },
              {
                label: '[1000, 5000]',
                lower: 1000,
                upper: 5000,
                reference: 100,
                current: 250,
              },
            ],
          },
          {
            feature: 'merchant_category',
            featureType: 'categorical',
            psi: 0.14,
            jsDivergence: 0.0049,
            jsDistance: 0.07,
            status: 'warning',
            distribution: [
              { label: 'grocery', reference: 340, current: 250 },
              { label: 'travel', reference: 140, current: 130 },
              { label: 'crypto_exchange', reference: 60, current: 180 },
            ],
          },
          {
            feature: 'hour_of_day',
            featureType: 'numerical',
            psi: 0.02,
            jsDivergence: 0.0004,
            jsDistance: 0.02,
            status: 'stable',
          },
        ],
      },
      trend: WINDOWS.map((windowStart, i) => ({
        windowStart,
        maxPsi: [0.05, 0.09, 0.16, 0.24][i],
        maxJsDistance: [0.03, 0.05, 0.08, 0.12][i],
        driftedFeatures: [0, 0, 0, 1][i],
        status: (['stable', 'stable', 'warning', 'drift'] as const)[i],
      })),
      featureTrends: {
        amount: [0.05, 0.09, 0.16, 0.24],
        merchant_category: [0.03, 0.06, 0.1, 0.14],
        hour_of_day: [0.01, 0.02, 0.02, 0.02],
      },
    },
  },
  pipeline: {
    status: 'ok',
    data: {
      pipelineId: '4f1c2a10-0003-4d6e-9a3b-000000000003',
      name: 'ach_payments_dlt',
      state: 'IDLE',
      health: 'HEALTHY',
      lastUpdate: {
        updateId: 'upd-31',
        state: 'COMPLETED',
        creationTime: '2026-11-20T03:55:00.000Z',
      },
      datasets: [
        {
          dataset: 'ach_bronze',
          layer: 'bronze',
          passRate: 1,
          expectations: [
            {
              name: 'has_amount',
              dataset: 'ach_bronze',
              passedRecords: 5000,
              failedRecords: 0,
              passRate: 1,
            },
          ],
        },
        {
          dataset: 'ach_silver',
          layer: 'silver',
          passRate: 0.985,
          expectations: [
            {
              name: 'valid_routing_number',
              dataset: 'ach_silver',
              passedRecords: 4925,
              failedRecords: 75,
              passRate: 0.985,
            },
          ],
        },
        {
          dataset: 'ach_gold',
          layer: 'gold',
          passRate: 1,
          expectations: [],
        },
      ],
    },
  },
  jobs: {
    status: 'ok',
    data: [
      {
        jobId: '2021',
        role: 'tournament',
        runId: '88001',
        lifeCycleState: 'TERMINATED',
        resultState: 'SUCCESS',
        startTime: '2026-11-20T04:00:00.000Z',
        endTime: '2026-11-20T04:20:00.000Z',
        runPageUrl: 'http://127.0.0.1:8787/jobs/2021/runs/88001',
      },
      {
        jobId: '2022',
        role: 'drift',
        runId: '88002',
        lifeCycleState: 'RUNNING',
        startTime: '2026-11-20T04:25:00.000Z',
      },
    ],
  },
  freshness: {
    fetchedAt: '2026-11-20T04:30:00.000Z',
    ageSeconds: 2,
    stale: false,
    source: 'live',
  },
};

export const achEvaluation: ModelEvaluation = {
  entityRef: ACH_REF,
  policy: DEFAULT_POLICY,
  champion: {
    version: '3',
    metrics: { pr_auc: 0.78, f1: 0.72, precision: 0.8, recall: 0.66 },
  },
  challenger: {
    version: '4',
    metrics: { pr_auc: 0.81, f1: 0.74, precision: 0.79, recall: 0.7 },
  },
  checks: [
    {
      metric: 'pr_auc',
      kind: 'threshold',
      value: 0.81,
      baseline: null,
      threshold: 0.6,
      passed: true,
      primary: true,
      advisory: false,
      message: 'pr_auc 0.81 ≥ 0.6',
    },
    {
      metric: 'pr_auc',
      kind: 'min-absolute-change',
      value: 0.81,
      baseline: 0.78,
      threshold: 0.005,
      passed: true,
      primary: true,
      advisory: false,
      message: 'pr_auc improves on the champion (0.78) by 0.03, needs 0.005',
    },
    {
      metric: 'f1',
      kind: 'threshold',
      value: 0.74,
      baseline: null,
      threshold: 0.5,
      passed: true,
      primary: false,
      advisory: false,
      message: 'f1 0.74 ≥ 0.5',
    },
  ],
  decision: 'promote',
  reasons: [],
};

/** The same challenger failing its primary gate. */
export const rejectedEvaluation: ModelEvaluation = {
  ...achEvaluation,
  challenger: { version: '4', metrics: { pr_auc: 0.781, f1: 0.74 } },
  checks: [
    achEvaluation.checks[0],
    {
      ...achEvaluation.checks[1],
      value: 0.781,
      passed: false,
      message: 'pr_auc improves on the champion (0.78) by 0.001, needs 0.005',
    },
    achEvaluation.checks[2],
  ],
  decision: 'reject',
  reasons: ['pr_auc improves on the champion (0.78) by 0.001, needs 0.005'],
};

export const driftComparison: DriftComparison = {
  entityRef: ACH_REF,
  from: WINDOWS[0],
  to: WINDOWS[3],
  features: [
    {
      feature: 'amount',
      featureType: 'numerical',
      psi: 0.31,
      jsDivergence: 0.0225,
      jsDistance: 0.15,
      status: 'drift',
      bins: [
        { label: '[0, 100)', fromCount: 500, toCount: 300 },
        { label: '[100, 1000)', fromCount: 400, toCount: 450 },
        { label: '[1000, ∞)', fromCount: 100, toCount: 250 },
      ],
    },
    {
      feature: 'merchant_category',
      featureType: 'categorical',
      psi: 0.04,
      jsDivergence: 0.0016,
      jsDistance: 0.04,
      status: 'stable',
      bins: [
        { label: 'grocery', fromCount: 600, toCount: 580 },
        { label: 'travel', fromCount: 400, toCount: 420 },
      ],
    },
  ],
};

export const canaryOperation: Operation = {
  id: 'op-1',
  entityRef: ACH_REF,
  type: 'promote',
  status: 'running',
  phase: 'baking',
  requestedBy: 'user:default/ada',
  reason: 'v4 wins the tournament',
  createdAt: '2026-11-20T04:25:00.000Z',
  updatedAt: '2026-11-20T04:26:00.000Z',
  steps: [10, 50, 100],
  stepIndex: 0,
  bakeUntil: '2026-11-20T04:55:00.000Z',
  challengerVersion: '4',
  championVersion: '3',
  before: [{ modelVersion: '3', trafficPercentage: 100 }],
  after: [
    { modelVersion: '3', trafficPercentage: 90 },
    { modelVersion: '4', trafficPercentage: 10 },
  ],
  evidence: [],
  history: [
    { at: '2026-11-20T04:25:00.000Z', phase: 'gate', message: 'Gate passed' },
    {
      at: '2026-11-20T04:26:00.000Z',
      phase: 'baking',
      message: 'Step 1 of 3: 10 % to v4, baking 30 min',
    },
  ],
};

export const achHistory: AuditEvent[] = [
  {
    id: 'a-3',
    entityRef: ACH_REF,
    operationId: 'op-1',
    type: 'promote',
    actor: 'user:default/ada',
    reason: 'v4 wins the tournament',
    outcome: 'started',
    at: '2026-11-20T04:25:00.000Z',
    before: [{ modelVersion: '3', trafficPercentage: 100 }],
    after: [
      { modelVersion: '3', trafficPercentage: 90 },
      { modelVersion: '4', trafficPercentage: 10 },
    ],
  },
  {
    id: 'a-2',
    entityRef: ACH_REF,
    type: 'auto-rollback',
    actor: 'fmlops:guardian',
    reason: 'p99 latency of v2 was 3.1× the champion’s',
    outcome: 'rolled-back',
    at: '2026-11-12T10:00:00.000Z',
    before: [
      { modelVersion: '1', trafficPercentage: 50 },
      { modelVersion: '2', trafficPercentage: 50 },
    ],
    after: [{ modelVersion: '1', trafficPercentage: 100 }],
  },
];
