import type { Entity } from '@backstage/catalog-model';

/** The demo models as catalog entities (same annotations as the catalog examples). */
export function modelEntity(
  name: string,
  ucModel: string,
  ids: {
    experiment: string;
    tournamentJob: string;
    driftJob: string;
    pipeline: string;
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'databricks.com/workspace': 'dev',
        'databricks.com/uc-model': ucModel,
        'databricks.com/serving-endpoint': name,
        'databricks.com/mlflow-experiment': ids.experiment,
        'databricks.com/tournament-job-id': ids.tournamentJob,
        'databricks.com/drift-job-id': ids.driftJob,
        'databricks.com/drift-table': `${ucModel}_drift`,
        'databricks.com/dlt-pipeline-id': ids.pipeline,
      },
    },
    spec: { type: 'ml-model', owner: 'group:default/fraud-ml' },
  };
}

export const cardFraudEntity = modelEntity(
  'card-fraud-detector',
  'fmlops_demo.cards.card_fraud_detector',
  {
    experiment: '1001',
    tournamentJob: '2001',
    driftJob: '2002',
    pipeline: '4f1c2a10-0001-4d6e-9a3b-000000000001',
  },
);

export const achPaymentEntity = modelEntity(
  'ach-payment-anomaly',
  'fmlops_demo.payments.ach_payment_anomaly',
  {
    experiment: '1003',
    tournamentJob: '2021',
    driftJob: '2022',
    pipeline: '4f1c2a10-0003-4d6e-9a3b-000000000003',
  },
);
