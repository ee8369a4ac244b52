import { Entity } from '@backstage/catalog-model';
import {
  defaultEnvironment,
  environmentsBefore,
  findEnvironment,
  getModelCoordinates,
  getModelEnvironments,
  isFmlopsAvailable,
  missingFmlopsAnnotations,
  nextEnvironment,
  previousEnvironment,
} from './environments';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'card-fraud-detector', annotations },
  spec: { type: 'ml-model', owner: 'group:default/fraud-ml' },
});

const threeEnvironments = {
  'fmlops.io/environments': 'dev acc prd',
  'fmlops.io/policy': 'fraud-detection-default',
  'databricks.com/dev.uc-model': 'fmlops_dev.cards.card_fraud_detector',
  'databricks.com/dev.serving-endpoint': 'card-fraud-detector-dev',
  'databricks.com/dev.tournament-job-id': '2001',
  'databricks.com/acc.uc-model': 'fmlops_acc.cards.card_fraud_detector',
  'databricks.com/acc.serving-endpoint': 'card-fraud-detector-acc',
  'databricks.com/prd.workspace': 'prd-eu',
  'databricks.com/prd.uc-model': 'fmlops_prd.cards.card_fraud_detector',
  'databricks.com/prd.serving-endpoint': 'card-fraud-detector',
  'fmlops.io/prd.policy': 'fraud-detection-strict',
};

describe('a model across environments', () => {
  it('reads each environment from its env-scoped annotations, in promotion order', () => {
    const environments = getModelEnvironments(entity(threeEnvironments));
    expect(environments.map(e => e.name)).toEqual(['dev', 'acc', 'prd']);
    expect(environments[0].coordinates).toEqual({
      workspace: 'dev',
      ucModel: 'fmlops_dev.cards.card_fraud_detector',
      servingEndpoint: 'card-fraud-detector-dev',
      tournamentJobId: '2001',
      policy: 'fraud-detection-default',
      mlflowExperiment: undefined,
      driftJobId: undefined,
      driftTable: undefined,
      dltPipelineId: undefined,
    });
    // the workspace alias defaults to the environment's name; the policy may be its own
    expect(environments[1].coordinates.workspace).toBe('acc');
    expect(environments[2].coordinates).toMatchObject({
      workspace: 'prd-eu',
      policy: 'fraud-detection-strict',
    });
    // one environment's jobs never leak into another
    expect(environments[2].coordinates.tournamentJobId).toBeUndefined();
  });

  it('opens on prd, else on the environment closest to production', () => {
    const environments = getModelEnvironments(entity(threeEnvironments));
    expect(defaultEnvironment(environments)?.name).toBe('prd');
    expect(
      getModelCoordinates(entity(threeEnvironments))?.servingEndpoint,
    ).toBe('card-fraud-detector');
    expect(defaultEnvironment(environments.slice(0, 2))?.name).toBe('acc');
    expect(findEnvironment(environments, 'acc')?.name).toBe('acc');
    expect(findEnvironment(environments, 'staging')).toBeUndefined();
  });

  it('knows where a version comes from and goes next', () => {
    const environments = getModelEnvironments(entity(threeEnvironments));
    expect(previousEnvironment(environments, 'prd')?.name).toBe('acc');
    expect(previousEnvironment(environments, 'dev')).toBeUndefined();
    expect(nextEnvironment(environments, 'acc')?.name).toBe('prd');
    expect(nextEnvironment(environments, 'prd')).toBeUndefined();
    expect(environmentsBefore(environments, 'prd').map(e => e.name)).toEqual([
      'acc',
      'dev',
    ]);
    expect(environmentsBefore(environments, 'dev')).toEqual([]);
  });

  it('orders environments dev, acc, prd without a list, and keeps the plain annotations as their workspace', () => {
    const environments = getModelEnvironments(
      entity({
        'databricks.com/workspace': 'dev',
        'databricks.com/uc-model': 'fmlops_dev.cards.m',
        'databricks.com/serving-endpoint': 'm-dev',
        'databricks.com/mlflow-experiment': '1001',
        'databricks.com/prd.uc-model': 'fmlops_prd.cards.m',
        'databricks.com/prd.serving-endpoint': 'm',
        'databricks.com/acc.uc-model': 'fmlops_acc.cards.m',
        'databricks.com/acc.serving-endpoint': 'm-acc',
      }),
    );
    expect(environments.map(e => e.name)).toEqual(['dev', 'acc', 'prd']);
    expect(environments[0].coordinates.mlflowExperiment).toBe('1001');
    expect(environments[1].coordinates.mlflowExperiment).toBeUndefined();
  });

  it('leaves out an incomplete environment and names what it lacks', () => {
    const partial = entity({
      'fmlops.io/environments': 'acc prd',
      'databricks.com/acc.uc-model': 'fmlops_acc.cards.m',
      'databricks.com/acc.serving-endpoint': 'm-acc',
      'databricks.com/prd.uc-model': 'fmlops_prd.cards.m',
    });
    expect(getModelEnvironments(partial).map(e => e.name)).toEqual(['acc']);
    expect(isFmlopsAvailable(partial)).toBe(true);
    expect(missingFmlopsAnnotations(partial)).toEqual([
      'databricks.com/prd.serving-endpoint',
    ]);
    const nothing = entity({ 'fmlops.io/environments': 'prd' });
    expect(isFmlopsAvailable(nothing)).toBe(false);
    expect(missingFmlopsAnnotations(nothing)).toEqual([
      'databricks.com/prd.uc-model',
      'databricks.com/prd.serving-endpoint',
    ]);
  });

  it('keeps a single-workspace entity one environment named after its workspace', () => {
    const single = entity({
      'databricks.com/workspace': 'dev',
      'databricks.com/uc-model': 'fmlops_demo.cards.card_fraud_detector',
      'databricks.com/serving-endpoint': 'card-fraud-detector',
    });
    expect(getModelEnvironments(single).map(e => e.name)).toEqual(['dev']);
    expect(getModelCoordinates(single)?.workspace).toBe('dev');
  });
});
