import type { Entity } from '@backstage/catalog-model';
import type {
  EnvironmentStatus,
  ModelEvaluation,
  ModelOverview,
  Operation,
  PortfolioItem,
} from '@fmlops/backstage-plugin-fmlops-common';
import { achEvaluation, achOverview } from './overview';

/**
 * The demo model that lives in three environments (payments-fraud-scorer: dev, acc, prd), as
 * the catalog names it and as the backend reports each environment. Reused by the tests and by
 * the dev app.
 */

export const PAYMENTS_REF = 'resource:default/payments-fraud-scorer';
export const ENVIRONMENT_NAMES = ['dev', 'acc', 'prd'] as const;

const ucModel = (env: string) => `fmlops_${env}.payments.payments_fraud_scorer`;
const endpoint = (env: string) =>
  env === 'prd' ? 'payments-fraud-scorer' : `payments-fraud-scorer-${env}`;

export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'payments-fraud-scorer',
    namespace: 'default',
    annotations: {
      'fmlops.io/environments': 'dev acc prd',
      'fmlops.io/policy': 'payments',
      'fmlops.io/prd.policy': 'payments-prd',
      ...Object.fromEntries(
        ENVIRONMENT_NAMES.flatMap((env, index) => [
          [`databricks.com/${env}.uc-model`, ucModel(env)],
          [`databricks.com/${env}.serving-endpoint`, endpoint(env)],
          [`databricks.com/${env}.promotion-job-id`, String(3001 + index)],
        ]),
      ),
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/payments-ml' },
};

export const paymentsStatuses: EnvironmentStatus[] = [
  {
    name: 'dev',
    workspace: 'dev',
    ucModel: ucModel('dev'),
    servingEndpoint: endpoint('dev'),
    health: 'healthy',
    healthReasons: [],
    championVersion: '1',
    servedVersions: ['1'],
    driftStatus: 'stable',
    maxPsi: 0.02,
  },
  {
    name: 'acc',
    workspace: 'acc',
    ucModel: ucModel('acc'),
    servingEndpoint: endpoint('acc'),
    health: 'warning',
    healthReasons: ['drift job: last run 12 FAILED'],
    championVersion: '1',
    servedVersions: ['1'],
    driftStatus: 'warning',
    maxPsi: 0.14,
  },
  {
    name: 'prd',
    workspace: 'prd',
    ucModel: ucModel('prd'),
    servingEndpoint: endpoint('prd'),
    health: 'healthy',
    healthReasons: [],
    championVersion: '1',
    servedVersions: ['1'],
    driftStatus: 'stable',
    maxPsi: 0.03,
  },
];

/** The endpoint serving one version of the model, all traffic to it. */
export function servingOnly(
  template: ModelOverview['serving'],
  model: string,
  endpointName: string,
  version: string,
): ModelOverview['serving'] {
  if (template.status !== 'ok') {
    return template;
  }
  const served = template.data.servedVersions[0];
  return {
    status: 'ok',
    data: {
      ...template.data,
      endpointName,
      servedVersions: [
        {
          ...served,
          servedEntityName: `${model.split('.').pop()}-${version}`,
          modelName: model,
          modelVersion: version,
          aliases: ['champion'],
          trafficPercentage: 100,
        },
      ],
    },
  };
}

/** The overview of one environment of the model: champion v1 serving, v2 a challenger in dev. */
export function paymentsOverview(env: string): ModelOverview {
  const model = ucModel(env);
  return {
    ...achOverview,
    entityRef: PAYMENTS_REF,
    environment: env,
    coordinates: {
      workspace: env,
      ucModel: model,
      servingEndpoint: endpoint(env),
    },
    serving: servingOnly(achOverview.serving, model, endpoint(env), '1'),
    registry: {
      status: 'ok',
      data: {
        fullName: model,
        champion: '1',
        ...(env === 'dev' ? { challenger: '2' } : {}),
        versions: [
          ...(env === 'dev'
            ? [
                {
                  version: '2',
                  runId: 'run-pfs-2',
                  status: 'READY',
                  aliases: ['challenger'],
                },
              ]
            : []),
          {
            version: '1',
            runId: 'run-pfs-1',
            status: 'READY',
            aliases: ['champion'],
            ...(env === 'dev'
              ? {}
              : {
                  lineage: {
                    sourceModel: ucModel(env === 'prd' ? 'acc' : 'dev'),
                    sourceVersion: '1',
                    sourceEnvironment: env === 'prd' ? 'acc' : 'dev',
                    runId: 'run-pfs-1',
                  },
                }),
          },
        ],
      },
    },
  };
}

/** The gate evaluation of one environment: prd's policy requires approval of promotions into it. */
export function paymentsEvaluation(env: string): ModelEvaluation {
  return {
    ...achEvaluation,
    entityRef: PAYMENTS_REF,
    policy: {
      ...achEvaluation.policy,
      name: env === 'prd' ? 'payments-prd' : 'payments',
      promotion: { requireApproval: env === 'prd' },
    },
  };
}

/** A promotion of acc's v1 into prd, waiting for someone other than its requester to approve it. */
export const awaitingPromotion: Operation = {
  id: 'op-21',
  entityRef: PAYMENTS_REF,
  type: 'promote-to-env',
  status: 'awaiting-approval',
  phase: 'awaiting-approval',
  requestedBy: 'user:default/guest',
  reason: 'acc ran clean for a week',
  createdAt: '2026-12-02T06:00:00.000Z',
  updatedAt: '2026-12-02T06:00:00.000Z',
  environment: 'prd',
  sourceEnvironment: 'acc',
  lineage: {
    sourceModel: ucModel('acc'),
    sourceVersion: '1',
    sourceEnvironment: 'acc',
    runId: 'run-pfs-1',
  },
  approval: { required: true },
  evidence: [],
  history: [
    {
      at: '2026-12-02T06:00:00.000Z',
      phase: 'awaiting-approval',
      message: 'Waiting for an approval (policy payments-prd)',
    },
  ],
};

/** The model in the portfolio: the top-level fields are prd's, each environment has its health. */
export const paymentsPortfolioItem: PortfolioItem = {
  entityRef: PAYMENTS_REF,
  title: 'Payments fraud scorer',
  owner: 'group:default/payments-ml',
  workspace: 'prd',
  ucModel: ucModel('prd'),
  servingEndpoint: endpoint('prd'),
  health: 'healthy',
  healthReasons: [],
  endpointReady: 'READY',
  configUpdate: 'NOT_UPDATING',
  servedVersions: ['1'],
  driftStatus: 'stable',
  maxPsi: 0.03,
  environments: paymentsStatuses,
};
