import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalWorkspace } from '@fmlops/databricks-emulator';
import request from 'supertest';
import {
  exampleEntities,
  modelPath,
  startFmlopsBackend,
  startTestWorkspace,
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

function backend() {
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
    for (const path of ['overview', 'evaluation', 'history', 'operations']) {
      const res = await request(server)
        .get(`${scorer}/${path}`)
        .query({ env: 'qa' });
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
});
