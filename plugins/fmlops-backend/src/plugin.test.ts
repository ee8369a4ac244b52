import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LocalWorkspace } from '@fmlops/databricks-emulator';
import request from 'supertest';
import {
  modelPath as model,
  startFmlopsBackend,
  startTestWorkspace,
  TestBackendOptions,
  until,
} from './__testUtils__/localBackend';

jest.setTimeout(120_000);

let ws: LocalWorkspace;
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

beforeEach(async () => {
  ws = await startTestWorkspace();
});

afterEach(async () => {
  await ws.stop();
});

const backend = (options: TestBackendOptions = {}) =>
  startFmlopsBackend(ws, options);

/** Polls the canary model's operation until `done` says so. */
const operationUntil = (server: any, id: string, done: (op: any) => boolean) =>
  until(
    async () =>
      (
        await request(server).get(
          `${model('ach-payment-anomaly')}/operations/${id}`,
        )
      ).body,
    done,
  );

describe('fmlops backend against the local workspace', () => {
  it('answers its health check without credentials, and the breaker state to a signed-in caller only', async () => {
    const { server } = await backend();
    const anonymous = await request(server)
      .get('/api/fmlops/health')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
    const signedIn = await request(server)
      .get('/api/fmlops/health')
      .set('Authorization', mockCredentials.user.header());
    expect(signedIn.body).toEqual({
      status: 'ok',
      workspaces: { dev: expect.objectContaining({ breaker: 'closed' }) },
    });
  });

  it('lists the portfolio with health from serving, drift, the pipeline and the jobs', async () => {
    const { server } = await backend();
    const before = ws.totalRequests();
    const first = await request(server).get('/api/fmlops/models');
    expect(first.status).toBe(200);
    // batch reads only: one endpoint list and one SQL statement (plus a poll when the statement
    // is slow to start); the pipelines and jobs are read in the background
    expect(ws.totalRequests() - before).toBeLessThanOrEqual(3);
    expect(
      first.body.items.find(
        (i: any) => i.entityRef === 'resource:default/market-abuse-detector',
      ).healthReasons,
    ).toContain('pipeline and job runs not read yet');
    expect(first.body.activityPending).toBe(5);
    const body = await until(
      async () => (await request(server).get('/api/fmlops/models')).body,
      b =>
        !b.items.some((i: any) =>
          i.healthReasons.includes('pipeline and job runs not read yet'),
        ),
    );
    const res = { body };
    const byRef = Object.fromEntries(
      res.body.items.map((i: any) => [i.entityRef, i]),
    );
    expect(Object.keys(byRef)).toHaveLength(5);
    expect(byRef['resource:default/trade-anomaly-detector']).toMatchObject({
      driftStatus: 'drift',
      health: 'warning',
    });
    expect(byRef['resource:default/card-fraud-detector']).toMatchObject({
      driftStatus: 'stable',
      health: 'healthy',
      servedVersions: ['3'],
    });
    expect(byRef['resource:default/market-abuse-detector'].health).toBe(
      'warning',
    );
    expect(
      byRef['resource:default/market-abuse-detector'].healthReasons,
    ).toContain('silver: valid_price 82% < 95%');
    expect(res.body.freshness).toMatchObject({ stale: false });
  });

  it('pages the portfolio worst first, filters it on the server and refuses a bad query', async () => {
    const { server } = await backend();
    // once the pipelines and jobs are read, the order holds still
    const all = {
      body: await until(
        async () => (await request(server).get('/api/fmlops/models')).body,
        b =>
          !b.items.some((i: any) =>
            i.healthReasons.includes('pipeline and job runs not read yet'),
          ),
      ),
    };
    expect(all.body).toMatchObject({ total: 5, offset: 0, activityPending: 0 });
    const page = await request(server).get('/api/fmlops/models?limit=2');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body).toMatchObject({ total: 5, offset: 0, limit: 2 });
    const rest = await request(server).get(
      '/api/fmlops/models?offset=2&limit=10',
    );
    expect(rest.body.items).toHaveLength(3);
    const order = [...page.body.items, ...rest.body.items].map(
      (i: any) => i.entityRef,
    );
    expect(order).toEqual(all.body.items.map((i: any) => i.entityRef));
    expect(new Set(order).size).toBe(5);
    expect(
      Object.values(page.body.counts).reduce((a: any, b: any) => a + b, 0),
    ).toBe(5);
    expect(page.body.facets.workspaces).toEqual(['dev']);

    const drifting = await request(server).get(
      '/api/fmlops/models?drift=drift&search=trade',
    );
    expect(drifting.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/trade-anomaly-detector',
    ]);
    expect(drifting.body.total).toBe(1);

    for (const bad of ['limit=0', 'offset=-1', 'health=fine', 'limit=many']) {
      const res = await request(server).get(`/api/fmlops/models?${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
  });

  it('reads a model overview section by section', async () => {
    const { server } = await backend();
    const res = await request(server).get(
      `${model('ach-payment-anomaly')}/overview`,
    );
    expect(res.status).toBe(200);
    expect(res.body.serving.status).toBe('ok');
    expect(
      res.body.serving.data.servedVersions.map((v: any) => [
        v.modelVersion,
        v.trafficPercentage,
        v.aliases,
      ]),
    ).toEqual([
      ['3', 90, ['champion']],
      ['4', 10, ['challenger']],
    ]);
    expect(
      res.body.serving.data.servedVersions[1].metrics.requests,
    ).toBeGreaterThan(0);
    expect(res.body.registry.data).toMatchObject({
      champion: '3',
      challenger: '4',
    });
    expect(res.body.tournament.data.tournaments[0].entries).toHaveLength(4);
    expect(res.body.drift.data.trend.length).toBeGreaterThan(10);
    expect(res.body.pipeline.data.datasets.map((d: any) => d.layer)).toEqual([
      'bronze',
      'silver',
      'gold',
    ]);
    expect(res.body.jobs.status).toBe('ok');
  });

  it('compares two drift windows from the stored histograms', async () => {
    const { server } = await backend();
    const overview = await request(server).get(
      `${model('trade-anomaly-detector')}/overview`,
    );
    const trend = overview.body.drift.data.trend;
    // the newest window carries each feature's reference and current distribution
    const latest = overview.body.drift.data.latest.features;
    const volume = latest.find((f: any) => f.feature === 'volume_zscore');
    expect(volume.distribution.length).toBeGreaterThan(5);
    expect(volume.distribution[0]).toEqual({
      label: expect.any(String),
      lower: expect.any(Number),
      upper: expect.any(Number),
      reference: expect.any(Number),
      current: expect.any(Number),
    });
    const categorical = latest.find(
      (f: any) => f.featureType === 'categorical',
    );
    expect(categorical.distribution[0].lower).toBeUndefined();
    const res = await request(server)
      .get(`${model('trade-anomaly-detector')}/drift/compare`)
      .query({
        from: trend[0].windowStart,
        to: trend[trend.length - 1].windowStart,
      });
    expect(res.status).toBe(200);
    const amount = res.body.features.find(
      (f: any) => f.feature === 'volume_zscore',
    );
    expect(amount.status).toBe('drift');
    expect(amount.bins.length).toBeGreaterThan(5);
    const missing = await request(server)
      .get(`${model('trade-anomaly-detector')}/drift/compare`)
      .query({ from: '2001-01-01T00:00:00.000Z', to: trend[0].windowStart });
    expect(missing.status).toBe(404);
  });

  it('says 404 with a message for an unknown entity and for one without annotations', async () => {
    const { server } = await backend();
    const unknown = await request(server).get(`${model('nope')}/overview`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /No entity resource:default\/nope/,
    );
    const plain = await request(server).get(
      '/api/fmlops/models/component/default/website/overview',
    );
    expect(plain.status).toBe(404);
    expect(plain.body.error.message).toMatch(
      /lacks the annotations databricks.com\/workspace/,
    );
  });

  it('rejects bad input with 400 before touching Databricks', async () => {
    const { server } = await backend();
    const before = ws.totalRequests();
    const res = await request(server)
      .get(`${model('trade-anomaly-detector')}/drift/compare`)
      .query({ from: 'yesterday', to: 'x' });
    expect(res.status).toBe(400);
    const op = await request(server)
      .post(`${model('card-fraud-detector')}/operations`)
      .send({ type: 'rollback' });
    expect(op.status).toBe(400);
    expect(op.body.error.message).toMatch(/needs a reason/);
    const split = await request(server)
      .post(`${model('card-fraud-detector')}/operations`)
      .send({
        type: 'set-split',
        routes: [
          { modelVersion: '3', trafficPercentage: 60 },
          { modelVersion: '2', trafficPercentage: 30 },
        ],
      });
    expect(split.status).toBe(400);
    expect(split.body.error.message).toMatch(/sum to 100, not 90/);
    expect(ws.totalRequests() - before).toBeLessThanOrEqual(2);
  });

  it('refuses reads and operations when the policy says no', async () => {
    const { server } = await backend({ permissions: AuthorizeResult.DENY });
    const read = await request(server).get(
      `${model('card-fraud-detector')}/overview`,
    );
    // the policy denies catalog.entity.read too: the catalog hides the entity, so 404 as it says
    expect(read.status).toBe(404);
    const promote = await request(server)
      .post(`${model('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote' });
    expect(promote.status).toBe(403);
    const portfolio = await request(server).get('/api/fmlops/models');
    expect(portfolio.body.items).toEqual([]);
  });

  it('serves the last good overview, marked stale, when Databricks fails; never a 500', async () => {
    const { server } = await backend();
    const fresh = await request(server).get(
      `${model('card-fraud-detector')}/overview`,
    );
    expect(fresh.status).toBe(200);
    ws.faults.add({ path: '/**', kind: 'error', status: 503 });
    const degraded = await request(server).get(
      `${model('card-fraud-detector')}/overview`,
    );
    expect(degraded.status).toBe(200);
    expect(degraded.body.freshness.stale).toBe(true);
    expect(degraded.body.serving.data.endpointName).toBe('card-fraud-detector');
    ws.faults.remove();
    ws.faults.add({ path: '/**', kind: 'rate-limit', retryAfterSeconds: 1 });
    const limited = await request(server).get(
      `${model('card-fraud-detector')}/overview`,
    );
    expect(limited.status).toBe(200);
    expect(limited.body.freshness.stale).toBe(true);
    // a model never read before has nothing to fall back to: 503 with a message, not a 500
    const never = await request(server).get(
      `${model('market-abuse-detector')}/overview`,
    );
    expect(never.status).toBe(503);
    expect(never.body.error.message).toMatch(/Databricks/);
  });

  it('promotes a canary step by step to champion, with an audited history', async () => {
    const { server } = await backend();
    const evaluation = await request(server).get(
      `${model('ach-payment-anomaly')}/evaluation`,
    );
    expect(evaluation.body.decision).toBe('promote');
    expect(evaluation.body.checks.map((c: any) => c.kind)).toContain(
      'min-absolute-change',
    );

    const start = await request(server)
      .post(`${model('ach-payment-anomaly')}/operations`)
      .send({
        type: 'promote',
        strategy: 'canary',
        steps: [10, 50, 100],
        reason: 'v4 beats v3 on PR AUC',
      });
    expect(start.status).toBe(202);
    const done = await operationUntil(
      server,
      start.body.id,
      op => !['running', 'paused'].includes(op.status),
    );
    expect(done.status).toBe('succeeded');
    expect(
      done.evidence.filter((e: any) => e.kind === 'health-check').length,
    ).toBeGreaterThanOrEqual(1);

    const overview = await request(server).get(
      `${model('ach-payment-anomaly')}/overview`,
    );
    expect(
      overview.body.serving.data.servedVersions.map((v: any) => [
        v.modelVersion,
        v.trafficPercentage,
      ]),
    ).toEqual([['4', 100]]);
    expect(overview.body.registry.data.champion).toBe('4');
    expect(overview.body.registry.data.challenger).toBeUndefined();

    const history = await request(server).get(
      `${model('ach-payment-anomaly')}/history`,
    );
    expect(history.body.items[0]).toMatchObject({
      type: 'promote',
      outcome: 'succeeded',
      reason: 'v4 beats v3 on PR AUC',
    });
    expect(history.body.items[0].after).toEqual([
      { modelVersion: '4', trafficPercentage: 100 },
    ]);
  });

  it('retries a step that Databricks fails, and finishes the promotion once it recovers', async () => {
    const { server } = await backend();
    // every serving config update fails with 503 for a while
    ws.faults.add({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/*/config',
      kind: 'error',
      status: 503,
    });
    const start = await request(server)
      .post(`${model('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote', strategy: 'direct' });
    expect(start.status).toBe(202);
    const waiting = await operationUntil(server, start.body.id, op =>
      /waiting for Databricks/.test(op.message ?? ''),
    );
    expect(waiting.status).toBe('running');
    // nothing half-done: the endpoint still serves what it served
    const during = await request(server).get(
      `${model('ach-payment-anomaly')}/overview`,
    );
    expect(
      during.body.serving.data.servedVersions.map(
        (v: any) => v.trafficPercentage,
      ),
    ).toEqual([90, 10]);

    ws.faults.remove();
    const done = await operationUntil(
      server,
      start.body.id,
      op => !['running', 'paused'].includes(op.status),
    );
    expect(done.status).toBe('succeeded');
    const after = await request(server).get(
      `${model('ach-payment-anomaly')}/overview`,
    );
    expect(
      after.body.serving.data.servedVersions.map((v: any) => [
        v.modelVersion,
        v.trafficPercentage,
      ]),
    ).toEqual([['4', 100]]);
  });

  it('lets exactly one of 50 concurrent promotions run', async () => {
    const { server } = await backend();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(server)
          .post(`${model('ach-payment-anomaly')}/operations`)
          .send({ type: 'promote' }),
      ),
    );
    const statuses = responses.map(r => r.status);
    expect(statuses.filter(s => s === 202)).toHaveLength(1);
    expect(statuses.filter(s => s === 409)).toHaveLength(49);
  });

  it('rolls a latency spike back automatically, with the evidence', async () => {
    const { server } = await backend({
      extraConfig: {
        controller: { intervalSeconds: 1, guardianIntervalSeconds: 1 },
      },
    });
    const history = await until(
      async () =>
        (
          await request(server).get(`${model('wire-fraud-detector')}/history`)
        ).body.items,
      items =>
        items.some(
          (e: any) => e.type === 'rollback' && e.outcome === 'succeeded',
        ),
    );
    const decision = history.find((e: any) => e.type === 'auto-rollback');
    expect(decision.actor).toBe('fmlops:guardian');
    expect(decision.reason).toMatch(/p99 latency \d+ ms exceeds/);
    expect(decision.evidence[0].health.outcome).toBe('Failed');
    const overview = await request(server).get(
      `${model('wire-fraud-detector')}/overview`,
    );
    expect(
      overview.body.serving.data.servedVersions.map((v: any) => [
        v.modelVersion,
        v.trafficPercentage,
      ]),
    ).toEqual([['4', 100]]);
    // the minutes the guardian measured, per served version, for the serving card's chart
    const minutes = overview.body.serving.data.servedVersions[0].minutes;
    expect(minutes.length).toBeGreaterThan(0);
    expect(minutes[minutes.length - 1]).toMatchObject({
      requests: expect.any(Number),
      errorRate: expect.any(Number),
      trafficPercentage: expect.any(Number),
      p99LatencyMs: expect.any(Number),
    });
  });

  it('retrains on drift and gets a new challenger', async () => {
    const { server } = await backend({
      extraConfig: {
        controller: { intervalSeconds: 1, guardianIntervalSeconds: 1 },
        defaultPolicy: {
          retrain: {
            automatic: true,
            drift: { windowsInDrift: 3, ofLastWindows: 6 },
          },
          rollout: { autoRollback: false },
        },
      },
    });
    const ops = await until(
      async () =>
        (
          await request(server).get(
            `${model('trade-anomaly-detector')}/operations`,
          )
        ).body.items,
      items =>
        items.some(
          (o: any) => o.type === 'retrain' && o.status === 'succeeded',
        ),
      90_000,
    );
    const retrain = ops.find((o: any) => o.type === 'retrain');
    expect(retrain.requestedBy).toBe('fmlops:guardian');
    const evaluation = await request(server).get(
      `${model('trade-anomaly-detector')}/evaluation`,
    );
    expect(evaluation.body.challenger.version).toBe('3');
  });

  it('resumes an operation after a restart half-way, with nothing lost', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database.factory({ knex });
    const first = await backend({
      database,
      extraConfig: {
        defaultPolicy: {
          rollout: { bakeMinutes: 0.05, health: { minRequests: 1 } },
          retrain: { automatic: false },
        },
      },
    });
    const start = await request(first.server)
      .post(`${model('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote', steps: [10, 50, 100] });
    expect(start.status).toBe(202);
    // stop while it bakes its first step
    await operationUntil(
      first.server,
      start.body.id,
      op => op.phase === 'baking',
    );
    await first.stop();

    const second = await backend({ database });
    const done = await operationUntil(
      second.server,
      start.body.id,
      op => !['running', 'paused'].includes(op.status),
    );
    expect(done.status).toBe('succeeded');
    const phases = done.history.map((h: any) => h.phase);
    expect(phases).toContain('baking');
    expect(phases[phases.length - 1]).toBe('done');
    await second.stop();
  });

  it('finishes an operation started before operations were keyed by endpoint, and keeps its history', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database.factory({ knex });
    const first = await backend({ database });
    const start = await request(first.server)
      .post(`${model('ach-payment-anomaly')}/operations`)
      .send({ type: 'promote', strategy: 'direct' });
    expect(start.status).toBe(202);
    await first.stop();
    // as migration 20261201120000_serving_target leaves rows that did not know their endpoint
    const legacy = {
      serving_target: 'entity:resource:default/ach-payment-anomaly',
    };
    for (const table of [
      'fmlops_operations',
      'fmlops_audit',
      'fmlops_operation_locks',
    ]) {
      await knex(table).update(legacy);
    }

    const second = await backend({ database });
    // found under its endpoint once the controller has moved it there
    const done = await operationUntil(
      second.server,
      start.body.id,
      op => op.status && !['running', 'paused'].includes(op.status),
    );
    expect(done.status).toBe('succeeded');
    const history = await request(second.server).get(
      `/api/fmlops/models/component/default/ach-payment-anomaly-pipeline/history`,
    );
    expect(history.body.items.map((e: any) => e.outcome)).toEqual([
      'succeeded',
      'started',
    ]);
    await second.stop();
  });
});
