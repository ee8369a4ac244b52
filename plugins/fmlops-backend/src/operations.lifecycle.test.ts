import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
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

/** What happens to an operation when the world changes under it or it runs too long: nothing is lost. */

jest.setTimeout(120_000);

let ws: LocalWorkspace;

beforeEach(async () => {
  ws = await startTestWorkspace();
});

afterEach(async () => {
  await ws.stop();
});

/** A catalog whose entities a test replaces while the backend runs. */
function changingCatalog(entities: Entity[]) {
  let current = catalogServiceMock({ entities });
  const catalog = new Proxy({} as CatalogService, {
    get: (_, key) => {
      const member = (current as any)[key];
      return typeof member === 'function' ? member.bind(current) : member;
    },
  });
  return {
    catalog,
    replace: (next: Entity[]) => {
      current = catalogServiceMock({ entities: next });
    },
  };
}

async function servedRoutes(endpoint: string) {
  const res = await fetch(`${ws.url}/api/2.0/serving-endpoints/${endpoint}`, {
    headers: { authorization: `Bearer ${ws.token}` },
  });
  return (await res.json()).config.traffic_config.routes;
}

const canary = modelPath('ach-payment-anomaly');
const operation = (server: any, path: string, id: string) =>
  request(server)
    .get(`${path}/operations/${id}`)
    .then(r => r.body);

it('pauses a canary whose model left the catalog, leaving the traffic as it was, audited; a resume finishes it', async () => {
  const entities = exampleEntities();
  const { catalog, replace } = changingCatalog(entities);
  const { server } = await startFmlopsBackend(ws, {
    catalog,
    extraConfig: {
      defaultPolicy: {
        rollout: { bakeMinutes: 0.1, health: { minRequests: 1 } },
        retrain: { automatic: false },
      },
    },
  });
  const start = await request(server)
    .post(`${canary}/operations`)
    .send({ type: 'promote', steps: [10, 50, 100], reason: 'catalog test' });
  expect(start.status).toBe(202);
  await until(
    () => operation(server, canary, start.body.id),
    op => op.phase === 'baking',
  );
  const routesBefore = await servedRoutes('ach-payment-anomaly');

  // the model leaves the catalog for longer than the bake (6 s), when the controller looks again
  replace(
    entities.filter(
      e => e.metadata.name !== 'ach-payment-anomaly' || e.kind !== 'Resource',
    ),
  );
  await new Promise(r => setTimeout(r, 9000));
  expect(await servedRoutes('ach-payment-anomaly')).toEqual(routesBefore);
  replace(entities);

  const paused = await operation(server, canary, start.body.id);
  expect(paused.status).toBe('paused');
  expect(paused.message).toMatch(/no longer in the catalog/);
  const history = (await request(server).get(`${canary}/history`)).body.items;
  expect(
    history.filter(
      (e: any) => e.operationId === start.body.id && e.outcome === 'paused',
    ),
  ).toEqual([
    expect.objectContaining({
      actor: 'fmlops:controller',
      reason: expect.stringMatching(/no longer in the catalog/),
    }),
  ]);

  const resumed = await request(server)
    .post(`${canary}/operations`)
    .send({ type: 'resume', reason: 'the model is back' });
  expect(resumed.status).toBe(200);
  const done = await until(
    () => operation(server, canary, start.body.id),
    op => !['running', 'paused'].includes(op.status),
  );
  expect(done.status).toBe('succeeded');
});

it('pauses an operation for a human once it passes its deadline', async () => {
  const { server } = await startFmlopsBackend(ws, {
    extraConfig: {
      // about 2 s
      controller: {
        intervalSeconds: 1,
        guardianIntervalSeconds: 3600,
        operationDeadlineHours: 0.0006,
      },
      defaultPolicy: {
        rollout: { bakeMinutes: 1, health: { minRequests: 1 } },
        retrain: { automatic: false },
      },
    },
  });
  const start = await request(server)
    .post(`${canary}/operations`)
    .send({ type: 'promote', steps: [10, 50, 100] });
  expect(start.status).toBe(202);
  const paused = await until(
    () => operation(server, canary, start.body.id),
    op => op.status !== 'running',
  );
  expect(paused.status).toBe('paused');
  expect(paused.message).toMatch(/did not finish by its deadline/);
  const history = (await request(server).get(`${canary}/history`)).body.items;
  expect(history[0]).toMatchObject({
    operationId: start.body.id,
    outcome: 'paused',
    actor: 'fmlops:controller',
  });
});

it('cancels the job run when a retrain is aborted', async () => {
  const drifting = modelPath('trade-anomaly-detector');
  const { server } = await startFmlopsBackend(ws);
  const start = await request(server)
    .post(`${drifting}/operations`)
    .send({ type: 'retrain', reason: 'abort test' });
  expect(start.status).toBe(202);
  const running = await until(
    () => operation(server, drifting, start.body.id),
    op => Boolean(op.jobRunId),
  );
  const aborted = await request(server)
    .post(`${drifting}/operations`)
    .send({ type: 'abort', reason: 'wrong data' });
  expect(aborted.status).toBe(200);
  expect(aborted.body.status).toBe('aborted');

  const run = await fetch(
    `${ws.url}/api/2.1/jobs/runs/get?run_id=${running.jobRunId}`,
    { headers: { authorization: `Bearer ${ws.token}` } },
  ).then(r => r.json());
  expect(run.state).toMatchObject({
    life_cycle_state: 'TERMINATED',
    result_state: 'CANCELED',
  });
  const history = (await request(server).get(`${drifting}/history`)).body.items;
  expect(history[0]).toMatchObject({
    operationId: start.body.id,
    type: 'abort',
    reason: 'wrong data',
  });
});

it('records a serving change made outside the portal as external, and a rollback undoes it', async () => {
  const { server } = await startFmlopsBackend(ws, {
    extraConfig: {
      controller: { intervalSeconds: 1, guardianIntervalSeconds: 1 },
      defaultPolicy: {
        rollout: { autoRollback: false, health: { minRequests: 1 } },
        retrain: { automatic: false },
      },
    },
  });
  const headers = {
    authorization: `Bearer ${ws.token}`,
    'content-type': 'application/json',
  };
  const endpointUrl = `${ws.url}/api/2.0/serving-endpoints/ach-payment-anomaly`;
  const before = await servedRoutes('ach-payment-anomaly');
  // the portal's first look (its watcher runs every 5 s at the least)
  await new Promise(r => setTimeout(r, 7000));

  // a bundle deployment moves the traffic with the Databricks API, as the CLI's deploy does
  const { config } = await fetch(endpointUrl, { headers }).then(r => r.json());
  const routes = config.traffic_config.routes.map((r: any) => ({
    ...r,
    traffic_percentage: 50,
  }));
  const put = await fetch(`${endpointUrl}/config`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      served_entities: config.served_entities,
      traffic_config: { routes },
    }),
  });
  expect(put.status).toBe(200);

  const history = await until(
    async () => (await request(server).get(`${canary}/history`)).body.items,
    (items: any[]) => items.some(e => e.type === 'external'),
  );
  const external = history.find((e: any) => e.type === 'external');
  expect(external).toMatchObject({
    actor: 'databricks:outside-fmlops',
    outcome: 'succeeded',
    before: expect.arrayContaining([
      expect.objectContaining({ trafficPercentage: 90 }),
    ]),
    after: [
      expect.objectContaining({ trafficPercentage: 50 }),
      expect.objectContaining({ trafficPercentage: 50 }),
    ],
  });

  const rollback = await request(server)
    .post(`${canary}/operations`)
    .send({ type: 'rollback', reason: 'undo the unreviewed deployment' });
  expect(rollback.status).toBe(202);
  const done = await until(
    () => operation(server, canary, rollback.body.id),
    op => !['running', 'paused'].includes(op.status),
  );
  expect(done.status).toBe('succeeded');
  expect(await servedRoutes('ach-payment-anomaly')).toEqual(before);
});

it("shows a deployment job's own roll-out, made while the portal was away, in the history, and a rollback restores what served before it", async () => {
  const headers = {
    authorization: `Bearer ${ws.token}`,
    'content-type': 'application/json',
  };
  const endpointUrl = `${ws.url}/api/2.0/serving-endpoints/ach-payment-anomaly`;
  const before = await servedRoutes('ach-payment-anomaly');
  const { config } = await fetch(endpointUrl, { headers }).then(r => r.json());
  const versionOf = new Map<string, string>(
    config.served_entities.map((e: any) => [e.name, String(e.entity_version)]),
  );
  const percentages = (routes: any[]) =>
    Object.fromEntries(
      routes.map(r => [
        versionOf.get(r.served_entity_name ?? r.served_model_name),
        r.traffic_percentage,
      ]),
    );
  const after = config.traffic_config.routes.map((r: any) => ({
    ...r,
    traffic_percentage: 50,
  }));
  // what the generated deployment job does when no portal answers: its own canary step through
  // the serving API, then the record of it on the endpoint (deployment/endpoint.py)
  expect(
    (
      await fetch(`${endpointUrl}/config`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          served_entities: config.served_entities,
          traffic_config: { routes: after },
        }),
      })
    ).status,
  ).toBe(200);
  const record = {
    version: [...versionOf.values()].sort((a, b) => Number(b) - Number(a))[0],
    before: percentages(before),
    after: percentages(after),
    at: '2026-12-01T12:00:00Z',
    by: 'databricks-job-run:4242',
  };
  expect(
    (
      await fetch(`${endpointUrl}/tags`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          add_tags: [
            { key: 'fmlops-last-rollout', value: JSON.stringify(record) },
          ],
        }),
      })
    ).status,
  ).toBe(200);

  // the portal starts afterwards: it never saw the endpoint before the deployment
  const { server } = await startFmlopsBackend(ws, {
    extraConfig: {
      controller: { intervalSeconds: 1, guardianIntervalSeconds: 1 },
      defaultPolicy: {
        rollout: { autoRollback: false, health: { minRequests: 1 } },
        retrain: { automatic: false },
      },
    },
  });
  const history = await until(
    async () => (await request(server).get(`${canary}/history`)).body.items,
    (items: any[]) => items.some(e => e.type === 'external'),
  );
  expect(history.find((e: any) => e.type === 'external')).toMatchObject({
    actor: 'databricks:outside-fmlops',
    reason: expect.stringContaining(
      `the deployment job rolled out v${record.version} by itself (databricks-job-run:4242`,
    ),
    before: expect.arrayContaining([
      expect.objectContaining({ trafficPercentage: 90 }),
    ]),
  });

  const rollback = await request(server).post(`${canary}/operations`).send({
    type: 'rollback',
    reason: 'the deployment job rolled out unreviewed',
  });
  expect(rollback.status).toBe(202);
  const done = await until(
    () => operation(server, canary, rollback.body.id),
    op => !['running', 'paused'].includes(op.status),
  );
  expect(done.status).toBe('succeeded');
  expect(await servedRoutes('ach-payment-anomaly')).toEqual(before);
});
