import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalWorkspace } from '@fmlops/databricks-emulator';
import request from 'supertest';
import {
  exampleEntities,
  modelPath,
  startFmlopsBackend,
  startTestWorkspace,
  until,
} from './__testUtils__/localBackend';

jest.setTimeout(120_000);

/**
 * A model in dev, acc and prd. The workspaces acc and prd are aliases of the one local workspace,
 * so each environment names another of its models and endpoints.
 */
const multiEnvironment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'scorer',
    namespace: 'default',
    uid: 'uid-resource-scorer',
    annotations: {
      'fmlops.io/environments': 'dev acc prd',
      'databricks.com/dev.uc-model': 'fmlops_demo.cards.card_fraud_detector',
      'databricks.com/dev.serving-endpoint': 'card-fraud-detector',
      'databricks.com/acc.uc-model':
        'fmlops_demo.markets.trade_anomaly_detector',
      'databricks.com/acc.serving-endpoint': 'trade-anomaly-detector',
      'databricks.com/acc.drift-table':
        'fmlops_demo.markets.trade_anomaly_detector_drift',
      'databricks.com/prd.uc-model': 'fmlops_demo.payments.ach_payment_anomaly',
      'databricks.com/prd.serving-endpoint': 'ach-payment-anomaly',
      'fmlops.io/policy': 'fraud-detection-default',
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/ml-platform' },
};

let ws: LocalWorkspace;

beforeEach(async () => {
  ws = await startTestWorkspace();
});

afterEach(async () => {
  await ws.stop();
});

function backend(extraConfig: Record<string, unknown> = {}) {
  const workspace = {
    host: ws.url,
    token: 'dapi-test',
    warehouseId: ws.warehouseId,
    timeouts: { requestSeconds: 2 },
    retries: { maxAttempts: 2 },
  };
  return startFmlopsBackend(ws, {
    catalog: catalogServiceMock({
      entities: [...exampleEntities(), multiEnvironment],
    }),
    extraConfig: {
      workspaces: { dev: workspace, acc: workspace, prd: workspace },
      ...extraConfig,
    },
  });
}

const scorer = modelPath('scorer');

describe('a model across environments', () => {
  it('lists its environments in promotion order with their champion and health', async () => {
    const { server } = await backend();
    const res = await request(server).get(`${scorer}/environments`);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((e: any) => [e.name, e.workspace, e.servingEndpoint]),
    ).toEqual([
      ['dev', 'dev', 'card-fraud-detector'],
      ['acc', 'acc', 'trade-anomaly-detector'],
      ['prd', 'prd', 'ach-payment-anomaly'],
    ]);
    const [dev, acc] = res.body.items;
    expect(dev).toMatchObject({ health: 'healthy', servedVersions: ['3'] });
    // acc's drift table shows drift: its health says so, the others' do not
    expect(acc).toMatchObject({ driftStatus: 'drift', health: 'warning' });
    for (const env of res.body.items) {
      const overview = await request(server)
        .get(`${scorer}/overview`)
        .query({ env: env.name });
      expect(env.championVersion).toBe(overview.body.registry.data.champion);
    }
  });

  it('reads the overview of the environment asked for, prd by default', async () => {
    const { server } = await backend();
    const byDefault = await request(server).get(`${scorer}/overview`);
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({
      environment: 'prd',
      coordinates: {
        workspace: 'prd',
        ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
      },
    });
    expect(byDefault.body.environments.map((e: any) => e.name)).toEqual([
      'dev',
      'acc',
      'prd',
    ]);
    const dev = await request(server)
      .get(`${scorer}/overview`)
      .query({ env: 'dev' });
    expect(dev.body).toMatchObject({
      environment: 'dev',
      coordinates: { servingEndpoint: 'card-fraud-detector' },
      serving: { data: { endpointName: 'card-fraud-detector' } },
    });
    const evaluation = await request(server)
      .get(`${scorer}/evaluation`)
      .query({ env: 'dev' });
    expect(evaluation.status).toBe(200);
    const history = await request(server)
      .get(`${scorer}/history`)
      .query({ env: 'acc' });
    expect(history.status).toBe(200);
  });

  it('says 404 naming the environments for one the model lacks, 400 for a malformed name', async () => {
    const { server } = await backend();
    for (const path of [
      'overview',
      'evaluation',
      'history',
      'operations',
      'operations/op-1',
      'drift/compare',
    ]) {
      const res = await request(server)
        .get(`${scorer}/${path}`)
        .query({
          env: 'qa',
          ...(path === 'drift/compare'
            ? { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }
            : {}),
        });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'resource:default/scorer has no environment qa; its environments are dev, acc, prd',
      );
    }
    const malformed = await request(server)
      .get(`${scorer}/overview`)
      .query({ env: 'Prd!' });
    expect(malformed.status).toBe(400);
    // a single-workspace model has one environment, named after its workspace alias
    const single = await request(server)
      .get(`${modelPath('card-fraud-detector')}/overview`)
      .query({ env: 'dev' });
    expect(single.body.environment).toBe('dev');
  });

  it('shows every environment of every model in the portfolio, the top-level fields the default one', async () => {
    const { server } = await backend();
    const res = await request(server).get('/api/fmlops/models');
    expect(res.status).toBe(200);
    const byRef = Object.fromEntries(
      res.body.items.map((i: any) => [i.entityRef, i]),
    );
    const item = byRef['resource:default/scorer'];
    expect(item).toMatchObject({
      workspace: 'prd',
      servingEndpoint: 'ach-payment-anomaly',
    });
    expect(
      item.environments.map((e: any) => [e.name, e.driftStatus ?? null]),
    ).toEqual([
      ['dev', null],
      ['acc', 'drift'],
      ['prd', null],
    ]);
    expect(
      byRef['resource:default/card-fraud-detector'].environments.map(
        (e: any) => e.name,
      ),
    ).toEqual(['dev']);
  });

  it('runs one operation per environment: an operation in acc does not block prd, and each history is its own', async () => {
    const { server } = await backend({
      // the endpoints carry other entities' binding tags: an admin binds them to this one
      bindings: [
        {
          entityRefs: ['resource:default/scorer'],
          workspace: 'acc',
          servingEndpoint: 'trade-anomaly-detector',
          ucModel: 'fmlops_demo.markets.trade_anomaly_detector',
        },
        {
          entityRefs: ['resource:default/scorer'],
          workspace: 'prd',
          servingEndpoint: 'ach-payment-anomaly',
          ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
        },
      ],
    });
    // acc's endpoint cannot take a new config: its operation stays running
    ws.faults.add({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/trade-anomaly-detector/config',
      kind: 'error',
      status: 503,
    });
    const split = async (env: string) => {
      const overview = await request(server)
        .get(`${scorer}/overview`)
        .query({ env });
      const versions: string[] = overview.body.registry.data.versions.map(
        (v: any) => v.version,
      );
      return request(server)
        .post(`${scorer}/operations`)
        .query({ env })
        .send({
          type: 'set-split',
          routes: [
            { modelVersion: versions[0], trafficPercentage: 50 },
            { modelVersion: versions[1], trafficPercentage: 50 },
          ],
        });
    };
    const acc = await split('acc');
    expect(acc.status).toBe(202);
    expect(acc.body.environment).toBe('acc');
    const prd = await split('prd');
    expect(prd.status).toBe(202);
    expect(prd.body.environment).toBe('prd');
    const again = await split('acc');
    expect(again.status).toBe(409);

    const prdDone = await until(
      async () =>
        (
          await request(server)
            .get(`${scorer}/operations/${prd.body.id}`)
            .query({ env: 'prd' })
        ).body,
      op => op.status === 'succeeded',
    );
    expect(prdDone.environment).toBe('prd');
    // an operation is found in its own environment only
    const elsewhere = await request(server)
      .get(`${scorer}/operations/${prd.body.id}`)
      .query({ env: 'acc' });
    expect(elsewhere.status).toBe(404);
    const active = await request(server)
      .get(`${scorer}/operations`)
      .query({ env: 'acc', active: 'true' });
    expect(active.body.items.map((o: any) => [o.id, o.environment])).toEqual([
      [acc.body.id, 'acc'],
    ]);
    const environments = await request(server).get(`${scorer}/environments`);
    expect(
      environments.body.items.map((e: any) => e.activeOperation?.id ?? null),
    ).toEqual([null, acc.body.id, null]);
    const portfolio = await request(server).get('/api/fmlops/models');
    const item = portfolio.body.items.find(
      (i: any) => i.entityRef === 'resource:default/scorer',
    );
    // the top-level fields are prd's, where nothing runs now
    expect(item.activeOperation).toBeUndefined();
    expect(
      item.environments.map((e: any) => e.activeOperation?.status ?? null),
    ).toEqual([null, 'running', null]);

    const history = async (env: string) =>
      (await request(server).get(`${scorer}/history`).query({ env })).body
        .items;
    const prdHistory = await history('prd');
    expect(prdHistory.map((e: any) => [e.operationId, e.environment])).toEqual([
      [prd.body.id, 'prd'],
      [prd.body.id, 'prd'],
    ]);
    expect((await history('acc')).map((e: any) => e.operationId)).toEqual([
      acc.body.id,
    ]);
    // the prd default is the same history
    expect((await request(server).get(`${scorer}/history`)).body.items).toEqual(
      prdHistory,
    );
  });
});
