import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  exampleEntities,
  modelPath,
  startFmlopsBackend,
} from './__testUtils__/localBackend';

jest.setTimeout(120_000);

/** The example model in dev, acc and prd, each in its own local workspace. */
const environmentExamples = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../../../examples/environments.yaml'),
    'utf8',
  ),
).map(d => {
  const e = d.toJSON() as Entity;
  return {
    ...e,
    metadata: {
      namespace: 'default',
      ...e.metadata,
      uid: `uid-${e.kind}-${e.metadata.name}`.toLowerCase(),
    },
  };
});

let ws: LocalWorkspace;

beforeEach(async () => {
  ws = await startLocalWorkspace({
    token: 'dapi-test',
    timeScale: 120,
    configUpdateDelaySeconds: 10,
    workspaces: ['dev', 'acc', 'prd'].map(alias => ({ alias, port: 0 })),
  });
});

afterEach(async () => {
  await ws.stop();
});

function backend() {
  return startFmlopsBackend(ws, {
    catalog: catalogServiceMock({
      entities: [...exampleEntities(), ...environmentExamples],
    }),
    extraConfig: {
      workspaces: Object.fromEntries(
        ws.workspaces.map(w => [
          w.alias,
          {
            host: w.url,
            token: 'dapi-test',
            warehouseId: w.warehouseId,
            timeouts: { requestSeconds: 2 },
            retries: { maxAttempts: 2 },
          },
        ]),
      ),
    },
  });
}

const scorer = modelPath('payments-fraud-scorer');

describe('a model in three workspaces', () => {
  it('reads each environment from its own workspace', async () => {
    const { server } = await backend();
    const res = await request(server).get(`${scorer}/environments`);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((e: any) => [
        e.name,
        e.workspace,
        e.servingEndpoint,
        e.championVersion,
      ]),
    ).toEqual([
      ['dev', 'dev', 'payments-fraud-scorer-dev', '1'],
      ['acc', 'acc', 'payments-fraud-scorer-acc', '1'],
      ['prd', 'prd', 'payments-fraud-scorer', '1'],
    ]);
    const acc = await request(server)
      .get(`${scorer}/overview`)
      .query({ env: 'acc' });
    expect(acc.body).toMatchObject({
      environment: 'acc',
      serving: { data: { endpointName: 'payments-fraud-scorer-acc' } },
      registry: { data: { champion: '1' } },
    });
    // the challenger waits in dev only
    const dev = await request(server)
      .get(`${scorer}/overview`)
      .query({ env: 'dev' });
    expect(dev.body.registry.data.challenger).toBeDefined();
    expect(acc.body.registry.data.challenger).toBeUndefined();
  });

  it('judges the health of each environment on its own: acc down leaves dev and prd readable', async () => {
    const { server } = await backend();
    const acc = ws.workspaces.find(w => w.alias === 'acc')!;
    acc.faults.add({ path: '/**', kind: 'error', status: 503 });
    const lists = () =>
      ws.workspaces.map(
        w => w.requests.get('GET /api/2.0/serving-endpoints') ?? 0,
      );
    const before = lists();
    const res = await request(server).get('/api/fmlops/models');
    expect(res.status).toBe(200);
    // one endpoint list per workspace, however many models and environments live there (acc's
    // failing one is retried once: retries.maxAttempts 2)
    expect(lists().map((n, i) => n - before[i])).toEqual([1, 2, 1]);
    const item = res.body.items.find(
      (i: any) => i.entityRef === 'resource:default/payments-fraud-scorer',
    );
    // the top-level fields are prd's
    expect(item).toMatchObject({
      workspace: 'prd',
      servingEndpoint: 'payments-fraud-scorer',
    });
    const health = Object.fromEntries(
      item.environments.map((e: any) => [e.name, e]),
    );
    expect(health.acc.healthReasons.join(' ')).toMatch(/503|unavailable/i);
    expect(health.acc.servedVersions).toEqual([]);
    expect(health.dev.servedVersions.length).toBeGreaterThan(0);
    expect(health.prd.servedVersions).toEqual(['1']);
    expect(item.health).toBe(health.prd.health);
  });
});
