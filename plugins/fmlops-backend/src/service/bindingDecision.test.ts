import {
  decideBinding,
  endpointOf,
  jobOf,
  resourcesToOperate,
  ResourceTag,
  ucModelOf,
} from './bindingDecision';

const coordinates = {
  workspace: 'prd',
  servingEndpoint: 'card-fraud-detector',
  ucModel: 'fraud.cards.card_fraud_detector',
  tournamentJobId: '2001',
};
const pair =
  'resource:default/card-fraud-detector component:default/card-fraud-detector-pipeline';
const endpoint = endpointOf(coordinates);
const model = ucModelOf(coordinates);
const job = jobOf('prd', '2001');

describe('decideBinding', () => {
  it('binds every entity the tag names: the Resource and the Component of one model', () => {
    const facts: ResourceTag[] = [
      { resource: endpoint, tagValue: pair },
      { resource: model, tagValue: pair },
    ];
    expect(
      decideBinding('resource:default/card-fraud-detector', facts, []),
    ).toEqual({ bound: true });
    expect(
      decideBinding(
        'Component:default/Card-Fraud-Detector-Pipeline',
        facts,
        [],
      ),
    ).toEqual({ bound: true });
  });

  it("refuses an entity that names another team's resources, and says how to bind each", () => {
    const decision = decideBinding(
      'resource:default/borrowed',
      [
        { resource: endpoint, tagValue: pair },
        { resource: model },
        { resource: job, missing: true },
      ],
      [],
    );
    expect(decision.bound).toBe(false);
    const message = (decision as { message: string }).message;
    expect(message).toContain(
      'resource:default/borrowed may not operate Databricks resources that are not bound to it: ' +
        'the serving endpoint card-fraud-detector (workspace prd) is bound to resource:default/card-fraud-detector, component:default/card-fraud-detector-pipeline; ' +
        'the Unity Catalog model fraud.cards.card_fraud_detector (workspace prd) has no fmlops-entity-refs tag; ' +
        'the job 2001 (workspace prd) does not exist.',
    );
    expect(message).toContain(
      'their owners add resource:default/borrowed to the space-separated entity refs of the tag fmlops-entity-refs: ' +
        'on the endpoint, PATCH /api/2.0/serving-endpoints/card-fraud-detector/tags',
    );
    expect(message).toContain(
      'on the model, MlflowClient(registry_uri="databricks-uc").set_registered_model_tag("fraud.cards.card_fraud_detector", "fmlops-entity-refs", ...)',
    );
    // a job that does not exist cannot be tagged
    expect(message).not.toContain('settings.tags of job 2001');
    expect(message).toContain(
      'Or an admin lists them with resource:default/borrowed under fmlops.bindings in app-config.',
    );
  });

  it("takes an admin's binding in config for resources without the tag", () => {
    const facts: ResourceTag[] = [
      { resource: endpoint },
      { resource: { ...model, name: 'Fraud.Cards.Card_Fraud_Detector' } },
      { resource: job },
    ];
    const binding = {
      entityRefs: ['resource:default/card-fraud-detector'],
      workspace: 'prd',
      servingEndpoint: 'card-fraud-detector',
      ucModel: 'fraud.cards.card_fraud_detector',
      jobIds: ['2001'],
    };
    expect(
      decideBinding('resource:default/card-fraud-detector', facts, [binding]),
    ).toEqual({ bound: true });
    // another workspace, or another entity, is not bound by it
    expect(
      decideBinding('resource:default/card-fraud-detector', facts, [
        { ...binding, workspace: 'acc' },
      ]).bound,
    ).toBe(false);
    expect(
      decideBinding('resource:default/other', facts, [binding]).bound,
    ).toBe(false);
  });

  it('does not read a partial match of an entity ref as a binding', () => {
    expect(
      decideBinding(
        'resource:default/card-fraud',
        [{ resource: endpoint, tagValue: pair }],
        [],
      ).bound,
    ).toBe(false);
  });
});

describe('resourcesToOperate', () => {
  it('always includes the endpoint, and what the operation acts on', () => {
    expect(resourcesToOperate(coordinates, 'promote')).toEqual([
      endpoint,
      model,
    ]);
    expect(resourcesToOperate(coordinates, 'rollback')).toEqual([
      endpoint,
      model,
    ]);
    expect(resourcesToOperate(coordinates, 'retrain')).toEqual([endpoint, job]);
    expect(resourcesToOperate(coordinates, 'abort')).toEqual([endpoint]);
    expect(
      resourcesToOperate(
        { ...coordinates, promotionJobId: '4242' },
        'promote-to-env',
      ),
    ).toEqual([endpoint, model, jobOf(coordinates.workspace, '4242')]);
  });
});
