import { versionLineage } from './lineage';

const environments = [
  { name: 'dev', ucModel: 'fmlops_dev.payments.payments_fraud_scorer' },
  { name: 'acc', ucModel: 'fmlops_acc.payments.payments_fraud_scorer' },
];

describe('versionLineage', () => {
  it('reads a copy from its models:/ source and names the environment that holds the source model', () => {
    expect(
      versionLineage(
        {
          source: 'models:/FMLOPS_DEV.payments.payments_fraud_scorer/2',
          runId: 'r2',
        },
        environments,
      ),
    ).toEqual({
      sourceEnvironment: 'dev',
      sourceModel: 'FMLOPS_DEV.payments.payments_fraud_scorer',
      sourceVersion: '2',
      runId: 'r2',
    });
  });

  it('reads the lineage tags, which win over the source', () => {
    expect(
      versionLineage({
        source: 'dbfs:/databricks/mlflow/artifacts/x',
        tags: {
          'fmlops.source_model': 'fmlops_acc.payments.payments_fraud_scorer',
          'fmlops.source_version': '4',
          'fmlops.source_environment': 'acc',
        },
      }),
    ).toEqual({
      sourceEnvironment: 'acc',
      sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
      sourceVersion: '4',
    });
  });

  it('finds no lineage in a version trained in place', () => {
    expect(versionLineage({ source: 'runs:/abc/model', runId: 'abc' })).toBe(
      undefined,
    );
    expect(versionLineage({})).toBe(undefined);
    // a source model of no environment of this model: the environment stays unknown
    expect(versionLineage({ source: 'models:/a.b.c/1' }, environments)).toEqual(
      { sourceModel: 'a.b.c', sourceVersion: '1' },
    );
  });
});
