import { Entity } from '@backstage/catalog-model';
import { BINDING_TAG, boundEntityRefs } from './annotations';
import {
  getModelCoordinates,
  isFmlopsAvailable,
  missingFmlopsAnnotations,
} from './environments';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'card-fraud-detector', annotations },
  spec: { type: 'ml-model', owner: 'group:default/fraud-ml' },
});

const complete = {
  'databricks.com/workspace': 'dev',
  'databricks.com/uc-model': 'fmlops_demo.cards.card_fraud_detector',
  'databricks.com/serving-endpoint': 'card-fraud-detector',
  'databricks.com/mlflow-experiment': '1001',
  'databricks.com/tournament-job-id': '2001',
  'databricks.com/drift-table': 'fmlops_demo.cards.card_fraud_detector_drift',
  'fmlops.io/policy': 'fraud-detection-default',
};

describe('catalog contract', () => {
  it('recognises an annotated model and reads its coordinates', () => {
    expect(isFmlopsAvailable(entity(complete))).toBe(true);
    expect(getModelCoordinates(entity(complete))).toEqual({
      workspace: 'dev',
      ucModel: 'fmlops_demo.cards.card_fraud_detector',
      servingEndpoint: 'card-fraud-detector',
      mlflowExperiment: '1001',
      tournamentJobId: '2001',
      driftJobId: undefined,
      driftTable: 'fmlops_demo.cards.card_fraud_detector_drift',
      dltPipelineId: undefined,
      policy: 'fraud-detection-default',
    });
  });

  it('names what is missing, treating blank values as missing', () => {
    const partial = entity({
      'databricks.com/workspace': 'dev',
      'databricks.com/uc-model': '  ',
    });
    expect(isFmlopsAvailable(partial)).toBe(false);
    expect(getModelCoordinates(partial)).toBeUndefined();
    expect(missingFmlopsAnnotations(partial)).toEqual([
      'databricks.com/uc-model',
      'databricks.com/serving-endpoint',
    ]);
  });

  it('handles an entity without annotations', () => {
    const bare: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'bare' },
    };
    expect(isFmlopsAvailable(bare)).toBe(false);
    expect(missingFmlopsAnnotations(bare)).toHaveLength(3);
  });
});

describe('the binding tag', () => {
  it('is a key every cloud accepts as a tag or label', () => {
    // AWS, Azure and GCP (labels: lower-case letters, digits, _ and -, at most 63 characters)
    expect(BINDING_TAG).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
  });

  it('names entity refs separated by spaces, read canonically', () => {
    expect(
      boundEntityRefs(
        'Resource:default/card-fraud-detector  component:card-fraud-detector-pipeline',
      ),
    ).toEqual([
      'resource:default/card-fraud-detector',
      'component:default/card-fraud-detector-pipeline',
    ]);
    expect(boundEntityRefs('resource:fraud/a,resource:fraud/b')).toEqual([
      'resource:fraud/a',
      'resource:fraud/b',
    ]);
  });

  it('ignores what is not an entity ref with a kind', () => {
    expect(boundEntityRefs(undefined)).toEqual([]);
    expect(boundEntityRefs('card-fraud-detector a:b/c/d :x')).toEqual([]);
  });
});
