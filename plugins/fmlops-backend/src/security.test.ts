/*
 * The attacks the fmlops backend refuses, through its real router and its actions in the actions
 * registry, against the local workspace: an entity naming another team's endpoint, model and job;
 * a service principal nobody allowed; a laxer policy or roll-out in a workspace whose policy an
 * admin pinned; a binding removed while an operation runs; the guardian acting on an unbound
 * model. (A non-owner's refusal and the catalog's own gates are tested with the real permission
 * policy in packages/backend.)
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { fmlopsPlugin } from './plugin';
import { until } from './__testUtils__/localBackend';

jest.setTimeout(120_000);

const examples = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../../../examples/models.yaml'),
    'utf8',
  ),
).map(d => d.toJSON() as Entity);

/** A model entity that names Databricks resources in its annotations. */
const model = (
  name: string,
  annotations: Record<string, string>,
  owner = 'group:default/mallory-team',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'ml-model', owner },
});

/** Registered by someone who owns it, naming the fraud team's production resources. */
const borrowed = model('borrowed-card-fraud', {
  'databricks.com/workspace': 'dev',
  'databricks.com/uc-model': 'fmlops_demo.cards.card_fraud_detector',
  'databricks.com/serving-endpoint': 'card-fraud-detector',
  'databricks.com/tournament-job-id': '2001',
});
/** The canary model as seen in prd, bound there by an admin's mapping, with a fast policy. */
const achInPrd = model(
  'ach-payment-anomaly-prd',
  {
    'databricks.com/workspace': 'prd',
    'databricks.com/uc-model': 'fmlops_demo.payments.ach_payment_anomaly',
    'databricks.com/serving-endpoint': 'ach-payment-anomaly',
    'fmlops.io/policy': 'fast',
  },
  'group:default/fraud-ml',
);
const entities = [...examples, borrowed, achInPrd].map(e => ({
  ...e,
  metadata: { namespace: 'default', ...e.metadata },
}));

const modelPath = (name: string, kind = 'resource') =>
  `/api/fmlops/models/${kind}/default/${name}`;
const invoke = (action: string) =>
  `/api/fmlops/.backstage/actions/v1/actions/fmlops:${action}/invoke`;
const releaseBot = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:release-bot'),
  targetPluginId: 'fmlops',
});

let ws: LocalWorkspace;

beforeEach(async () => {
  ws = await startLocalWorkspace({
    port: 0,
    token: 'dapi-test',
    timeScale: 120,
    configUpdateDelaySeconds: 10,
  });
});

afterEach(async () => {
  await ws.stop();
});

async function backend(fmlops: Record<string, unknown> = {}) {
  const workspace = {
    host: ws.url,
    token: 'dapi-test',
    warehouseId: ws.warehouseId,
    timeouts: { requestSeconds: 2 },
    retries: { maxAttempts: 2 },
  };
  const { server } = await startTestBackend({
    features: [
      fmlopsPlugin,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          fmlops: {
            // prd is the same local workspace under another alias
            workspaces: { dev: workspace, prd: workspace },
            cache: { freshSeconds: 0, staleWhileRevalidateSeconds: 0 },
            controller: { intervalSeconds: 1, guardianIntervalSeconds: 3600 },
            bindingCacheSeconds: 0,
            defaultPolicy: {
              rollout: { bakeMinutes: 0.05, health: { minRequests: 1 } },
              retrain: { automatic: false },
            },
            policies: {
              'prd-minimum': { rollout: { steps: [10, 50, 100] } },
              fast: { rollout: { steps: [50, 100] } },
            },
            workspacePolicies: { prd: 'prd-minimum' },
            bindings: [
              {
                entityRefs: ['resource:default/ach-payment-anomaly-prd'],
                workspace: 'prd',
                servingEndpoint: 'ach-payment-anomaly',
                ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
              },
            ],
            ...fmlops,
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      // the callers here own what they operate; the owners' check itself is the permission policy's
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  return server;
}

/** Requests that would change something in the local workspace. */
const changes = () =>
  [...ws.requests]
    .filter(([route]) => !route.startsWith('GET '))
    .reduce((sum, [, n]) => sum + n, 0);

describe('the fmlops backend refuses', () => {
  it("operations on another team's endpoint, model and job through an entity that merely names them", async () => {
    const server = await backend();
    const before = changes();
    for (const body of [
      { type: 'promote' },
      {
        type: 'set-split',
        routes: [{ modelVersion: '3', trafficPercentage: 100 }],
      },
      { type: 'rollback', reason: 'mine now' },
      { type: 'retrain' },
    ]) {
      const res = await request(server)
        .post(`${modelPath('borrowed-card-fraud')}/operations`)
        .send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'resource:default/borrowed-card-fraud may not operate Databricks resources that are not bound to it: ' +
          'the serving endpoint card-fraud-detector (workspace dev) is bound to resource:default/card-fraud-detector, component:default/card-fraud-detector-pipeline',
      );
    }
    // the same through the actions registry (MCP)
    const viaAction = await request(server)
      .post(invoke('promote-model'))
      .send({ entityRef: 'resource:default/borrowed-card-fraud' });
    expect(viaAction.status).toBe(403);
    expect(viaAction.body.error.message).toMatch(/not bound to it/);
    const retrain = await request(server)
      .post(invoke('retrain-model'))
      .send({ entityRef: 'resource:default/borrowed-card-fraud' });
    expect(retrain.body.error.message).toMatch(
      /the job 2001 \(workspace dev\) is bound to resource:default\/card-fraud-detector/,
    );
    expect(changes() - before).toBe(0);
    // reading stays open to everyone
    const read = await request(server).get(
      `${modelPath('borrowed-card-fraud')}/evaluation`,
    );
    expect(read.status).toBe(200);
  });

  it('service principals, unless an admin allowed them, through the router and the actions registry', async () => {
    const refused = await backend();
    const promote = await request(refused)
      .post(`${modelPath('ach-payment-anomaly')}/operations`)
      .set('Authorization', releaseBot)
      .send({ type: 'promote' });
    expect(promote.status).toBe(403);
    expect(promote.body.error.message).toBe(
      'The service principal external:release-bot may not operate models: an admin allows it by listing it under fmlops.operators.servicePrincipals',
    );
    const viaAction = await request(refused)
      .post(invoke('rollback-model'))
      .set('Authorization', releaseBot)
      .send({ entityRef: 'resource:default/wire-fraud-detector', reason: 'x' });
    expect(viaAction.status).toBe(403);
    expect(viaAction.body.error.message).toMatch(/external:release-bot/);

    const allowed = await backend({
      operators: { servicePrincipals: ['external:release-bot'] },
    });
    const started = await request(allowed)
      .post(invoke('promote-model'))
      .set('Authorization', releaseBot)
      .send({ entityRef: 'resource:default/ach-payment-anomaly' });
    expect(started.status).toBe(200);
    expect(started.body.output.status).toBe('running');
    const history = await request(allowed).get(
      `${modelPath('ach-payment-anomaly')}/history`,
    );
    expect(history.body.items[0].actor).toBe('service:external:release-bot');
  });

  it('a laxer policy or roll-out in prd, whose policy an admin pinned', async () => {
    const server = await backend();
    const evaluation = await request(server).get(
      `${modelPath('ach-payment-anomaly-prd')}/evaluation`,
    );
    // the model asks for `fast` (50 % at once): prd runs it under the pinned policy
    expect(evaluation.body.policy.name).toBe('prd-minimum');
    expect(evaluation.body.policy.rollout.steps).toEqual([10, 50, 100]);
    const direct = await request(server)
      .post(`${modelPath('ach-payment-anomaly-prd')}/operations`)
      .send({ type: 'promote', strategy: 'direct' });
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toBe(
      "Workspace prd pins the policy prd-minimum: this promotion would be laxer (rollout.strategy direct skips the canary). Promote with the policy's roll-out, or a stricter one.",
    );
    const skipping = await request(server)
      .post(`${modelPath('ach-payment-anomaly-prd')}/operations`)
      .send({ type: 'promote', steps: [50, 100] });
    expect(skipping.status).toBe(403);
    // bound by the admin's mapping, under the pinned policy's steps
    const canary = await request(server)
      .post(`${modelPath('ach-payment-anomaly-prd')}/operations`)
      .send({ type: 'promote' });
    expect(canary.status).toBe(202);
    expect(canary.body.steps).toEqual([10, 50, 100]);
    const abort = await request(server)
      .post(`${modelPath('ach-payment-anomaly-prd')}/operations`)
      .send({ type: 'abort', reason: 'done looking' });
    expect(abort.status).toBe(200);
  });
});

describe('the fmlops backend operates one endpoint as one model', () => {
  it('through either entity of its pair, one operation at a time, with one history', async () => {
    const server = await backend();
    const start = await request(server)
      .post(`${modelPath('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote', reason: 'v4 wins' });
    expect(start.status).toBe(202);
    const component = modelPath('ach-payment-anomaly-pipeline', 'component');
    const second = await request(server)
      .post(`${component}/operations`)
      .send({ type: 'promote' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      /The serving endpoint dev\/ach-payment-anomaly of component:default\/ach-payment-anomaly-pipeline already has an active promote operation \(.*started on resource:default\/ach-payment-anomaly\)/,
    );
    const paused = await request(server)
      .post(`${component}/operations`)
      .send({ type: 'pause', reason: 'looking at it' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id: start.body.id, status: 'paused' });
    const history = await request(server).get(`${component}/history`);
    expect(history.body.items.map((e: any) => [e.type, e.entityRef])).toEqual([
      ['pause', 'component:default/ach-payment-anomaly-pipeline'],
      ['promote', 'resource:default/ach-payment-anomaly'],
    ]);
  });

  it('and pauses a running operation when the owners remove the binding', async () => {
    const server = await backend();
    const start = await request(server)
      .post(`${modelPath('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote', steps: [10, 50, 100] });
    expect(start.status).toBe(202);
    await until(
      async () =>
        (
          await request(server).get(
            `${modelPath('ach-payment-anomaly')}/operations/${start.body.id}`,
          )
        ).body,
      op => op.phase === 'baking',
    );
    await fetch(
      `${ws.url}/api/2.0/serving-endpoints/ach-payment-anomaly/tags`,
      {
        method: 'PATCH',
        headers: {
          Authorization: 'Bearer dapi-test',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ delete_tags: ['fmlops-entity-refs'] }),
      },
    );
    const paused = await until(
      async () =>
        (
          await request(server).get(
            `${modelPath('ach-payment-anomaly')}/operations/${start.body.id}`,
          )
        ).body,
      op => op.status !== 'running',
    );
    expect(paused.status).toBe('paused');
    expect(paused.message).toMatch(
      /^paused: resource:default\/ach-payment-anomaly may not operate .*the serving endpoint ach-payment-anomaly \(workspace dev\) has no fmlops-entity-refs tag/,
    );
    // traffic stayed at the first step: nothing moved after the binding went
    const overview = await request(server).get(
      `${modelPath('ach-payment-anomaly')}/overview`,
    );
    expect(
      overview.body.serving.data.servedVersions.map(
        (v: any) => v.trafficPercentage,
      ),
    ).toEqual([90, 10]);
    // resuming is a new request: refused while unbound
    const resume = await request(server)
      .post(`${modelPath('ach-payment-anomaly')}/operations`)
      .send({ type: 'resume' });
    expect(resume.status).toBe(403);
  });

  it("and the guardian leaves an unbound model's traffic alone until it is bound again", async () => {
    const binding = {
      key: 'fmlops-entity-refs',
      value:
        'resource:default/wire-fraud-detector component:default/wire-fraud-detector-pipeline',
    };
    const patchTags = (body: object) =>
      fetch(`${ws.url}/api/2.0/serving-endpoints/wire-fraud-detector/tags`, {
        method: 'PATCH',
        headers: {
          Authorization: 'Bearer dapi-test',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    await patchTags({ delete_tags: [binding.key] });
    const server = await backend({
      controller: { intervalSeconds: 1, guardianIntervalSeconds: 1 },
    });
    const history = () =>
      request(server)
        .get(`${modelPath('wire-fraud-detector')}/history`)
        .then(r => r.body.items as any[]);
    // the latency spike is there, and the guardian looks every 5 s: twice is enough
    await new Promise(r => setTimeout(r, 11_000));
    expect(await history()).toEqual([]);
    await patchTags({ add_tags: [binding] });
    const after = await until(history, items =>
      items.some(e => e.type === 'auto-rollback'),
    );
    expect(after.find(e => e.type === 'auto-rollback').actor).toBe(
      'fmlops:guardian',
    );
  });
});
