import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import request from 'supertest';
import {
  modelPath,
  startFmlopsBackend,
  until,
} from './__testUtils__/localBackend';

/**
 * A version promoted dev → acc → prd through each environment's promotion job, against three
 * local workspaces sharing one metastore; prd's policy asks a second person to approve.
 */

jest.setTimeout(180_000);

const ENVIRONMENTS = ['dev', 'acc', 'prd'] as const;
const ucModel = (env: string) => `fmlops_${env}.payments.payments_fraud_scorer`;
const endpointOf = (env: string) =>
  env === 'prd' ? 'payments-fraud-scorer' : `payments-fraud-scorer-${env}`;
const JOBS = {
  dev: ['3100', '3101', '3102', '3103'],
  acc: ['3200', '3201', '3202', '3203'],
  prd: ['3300', '3301', '3302', '3303'],
};

/** payments-fraud-scorer with its coordinates in dev, acc and prd (the emulator's scenarios). */
const scorer: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'payments-fraud-scorer',
    namespace: 'default',
    uid: 'uid-resource-payments-fraud-scorer',
    annotations: {
      'fmlops.io/environments': 'dev acc prd',
      'fmlops.io/prd.policy': 'payments-prd',
      ...Object.fromEntries(
        ENVIRONMENTS.flatMap(env => {
          const [experiment, tournament, drift, promotion] = JOBS[env];
          return [
            [`databricks.com/${env}.workspace`, env],
            [`databricks.com/${env}.uc-model`, ucModel(env)],
            [`databricks.com/${env}.serving-endpoint`, endpointOf(env)],
            [`databricks.com/${env}.mlflow-experiment`, experiment],
            [`databricks.com/${env}.tournament-job-id`, tournament],
            [`databricks.com/${env}.drift-job-id`, drift],
            [`databricks.com/${env}.promotion-job-id`, promotion],
          ];
        }),
      ),
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/fraud-ml' },
};

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
let ws: LocalWorkspace;
const workspace = (env: string) => ws.workspaces.find(w => w.alias === env)!;

beforeEach(async () => {
  ws = await startLocalWorkspace({
    token: 'dapi-test',
    timeScale: 120,
    configUpdateDelaySeconds: 10,
    workspaces: ENVIRONMENTS.map(alias => ({
      alias,
      port: 0,
      scenarios: [`payments-fraud-scorer-${alias}`],
    })),
  });
});

afterEach(async () => {
  await ws.stop();
});

async function startBackend(
  database?: unknown,
  fmlops: Record<string, unknown> = {},
) {
  return startFmlopsBackend(ws, {
    database,
    catalog: catalogServiceMock({ entities: [scorer] }),
    extraConfig: {
      ...fmlops,
      workspaces: Object.fromEntries(
        ENVIRONMENTS.map(env => [
          env,
          {
            host: workspace(env).url,
            token: 'dapi-test',
            warehouseId: workspace(env).warehouseId,
            timeouts: { requestSeconds: 2 },
            retries: { maxAttempts: 2 },
          },
        ]),
      ),
      policies: {
        'payments-prd': {
          promotion: { requireApproval: true },
          rollout: { steps: [50, 100] },
        },
      },
    },
  });
}

const path = modelPath('payments-fraud-scorer');
const reviewer = mockCredentials.user.header('user:default/reviewer');

async function get(server: any, url: string, env: string) {
  const res = await request(server).get(url).query({ env });
  expect(res.status).toBe(200);
  return res.body;
}

const ended = (server: any, env: string, id: string) =>
  until(
    () => get(server, `${path}/operations/${id}`, env),
    op => !['running', 'paused', 'awaiting-approval'].includes(op.status),
    150_000,
  );

/** A REST call to one of the local workspaces, as Databricks answers it. */
async function databricks(env: string, url: string, init: RequestInit = {}) {
  const w = workspace(env);
  const res = await fetch(`${w.url}${url}`, {
    ...init,
    headers: {
      authorization: `Bearer ${w.token}`,
      'content-type': 'application/json',
    },
  });
  return res.json();
}

/** The versions of acc's model copied from dev's version 2. */
async function accCopiesOfDev2(): Promise<string[]> {
  const { model_versions: versions } = await databricks(
    'acc',
    `/api/2.1/unity-catalog/models/${ucModel('acc')}/versions`,
  );
  return versions
    .filter((v: any) => v.source === `models:/${ucModel('dev')}/2`)
    .map((v: any) => String(v.version));
}

/** The runs of acc's promotion job that copied dev's version 2 (the seed has one for version 1). */
const promotionRuns = async () =>
  (
    (await databricks('acc', '/api/2.2/jobs/runs/list?job_id=3203')).runs ?? []
  ).filter((run: any) =>
    run.job_parameters?.some(
      (p: any) => p.name === 'source_version' && p.value === '2',
    ),
  );

async function servedRoutes(env: string) {
  const w = workspace(env);
  const res = await fetch(
    `${w.url}/api/2.0/serving-endpoints/${endpointOf(env)}`,
    { headers: { authorization: `Bearer ${w.token}` } },
  );
  return (await res.json()).config.traffic_config.routes;
}

it('promotes dev’s challenger into acc through acc’s promotion job, gated and rolled out there, with its lineage', async () => {
  const { server } = await startBackend();
  const start = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({
      type: 'promote-to-env',
      sourceVersion: '2',
      reason: 'v2 won the tournament',
    });
  expect(start.status).toBe(202);
  expect(start.body).toMatchObject({
    type: 'promote-to-env',
    status: 'running',
    sourceEnvironment: 'dev',
    lineage: {
      sourceEnvironment: 'dev',
      sourceModel: ucModel('dev'),
      sourceVersion: '2',
    },
    approval: { required: false },
  });
  // the same request again is the same operation (idempotent by its key) or a 409, never a second copy
  const done = await ended(server, 'acc', start.body.id);
  expect(done.status).toBe('succeeded');
  expect(done.history.map((h: any) => h.phase)).toEqual(
    expect.arrayContaining([
      'waiting-for-job',
      'registering',
      'gating',
      'applying',
    ]),
  );
  expect(done.evidence).toContainEqual(
    expect.objectContaining({
      kind: 'gate',
      gate: expect.objectContaining({ decision: 'promote' }),
    }),
  );

  const overview = await get(server, `${path}/overview`, 'acc');
  const registry = overview.registry.data;
  const champion = registry.versions.find(
    (v: any) => v.version === registry.champion,
  );
  expect(champion).toMatchObject({
    version: '2',
    lineage: {
      sourceEnvironment: 'dev',
      sourceModel: ucModel('dev'),
      sourceVersion: '2',
    },
  });
  expect(registry.challenger).toBeUndefined();
  // the copy's run stays in dev's tracking server: acc's evaluation reads its metrics there
  const evaluation = await get(server, `${path}/evaluation`, 'acc');
  expect(evaluation.champion).toMatchObject({
    version: '2',
    metrics: { pr_auc: expect.any(Number) },
  });
  expect(await servedRoutes('acc')).toEqual([
    expect.objectContaining({ traffic_percentage: 100 }),
  ]);

  // promoting the same version again finds it already champion: nothing is copied twice
  const again = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({ type: 'promote-to-env', sourceVersion: '2' });
  expect(again.status).toBe(409);
  expect(again.body.error.message).toMatch(
    /already is .* v2: nothing to promote/,
  );
  const history = (await get(server, `${path}/history`, 'acc')).items.filter(
    (e: any) => e.operationId === start.body.id,
  );
  expect(history.map((e: any) => e.outcome)).toEqual(['succeeded', 'started']);

  // automation asks the same through the actions registry; prd waits for a person
  const viaAction = await request(server)
    .post(
      '/api/fmlops/.backstage/actions/v1/actions/fmlops:promote-model-to-environment/invoke',
    )
    .send({
      entityRef: 'resource:default/payments-fraud-scorer',
      environment: 'prd',
      reason: 'acc has a new champion',
    });
  expect(viaAction.status).toBe(200);
  expect(viaAction.body.output).toMatchObject({
    status: 'awaiting-approval',
    phase: 'awaiting-approval',
  });
});

it('waits in prd for a second person: the requester may not approve, a reviewer rejects or approves', async () => {
  const { server } = await startBackend();
  const promote = () =>
    request(server)
      .post(`${path}/operations`)
      .query({ env: 'prd' })
      .send({ type: 'promote-to-env', reason: 'acc champion to production' });

  // what cannot be promoted is refused before anything moves, saying why
  for (const [env, body, message] of [
    ['dev', {}, /dev is the first environment .* name a sourceEnvironment/],
    [
      'prd',
      { sourceEnvironment: 'qa' },
      /has no environment qa \(it has dev, acc, prd\)/,
    ],
    [
      'prd',
      { sourceEnvironment: 'prd' },
      /from another environment, not from prd itself/,
    ],
    [
      'prd',
      { sourceVersion: '99' },
      /fmlops_acc.payments.payments_fraud_scorer in acc has no version 99/,
    ],
  ] as const) {
    const refused = await request(server)
      .post(`${path}/operations`)
      .query({ env })
      .send({ type: 'promote-to-env', ...body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
  }

  // prd's champion already is acc's: nothing to promote until acc has a new one
  const early = await promote();
  expect(early.status).toBe(409);
  expect(early.body.error.message).toMatch(
    /the champion in prd, already is fmlops_acc.payments.payments_fraud_scorer v1: nothing to promote/,
  );
  const acc = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({ type: 'promote-to-env', sourceVersion: '2' });
  expect((await ended(server, 'acc', acc.body.id)).status).toBe('succeeded');

  const first = await promote();
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({
    status: 'awaiting-approval',
    phase: 'awaiting-approval',
    // the source defaults to the environment before prd and its champion
    sourceEnvironment: 'acc',
    lineage: { sourceModel: ucModel('acc'), sourceVersion: '2' },
    approval: { required: true },
  });

  // not the requester, whatever permission they hold
  const own = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'prd' })
    .send({ type: 'approve', reason: 'me' });
  expect(own.status).toBe(403);
  expect(own.body.error.message).toMatch(/someone else must approve it/);
  const noReason = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'prd' })
    .set('Authorization', reviewer)
    .send({ type: 'approve' });
  expect(noReason.status).toBe(400);

  const rejected = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'prd' })
    .set('Authorization', reviewer)
    .send({ type: 'reject', reason: 'not during the freeze' });
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({
    status: 'aborted',
    approval: {
      decision: 'rejected',
      decidedBy: 'user:default/reviewer',
      reason: 'not during the freeze',
    },
  });
  const nothing = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'prd' })
    .set('Authorization', reviewer)
    .send({ type: 'approve', reason: 'late' });
  expect(nothing.status).toBe(409);

  const second = await promote();
  expect(second.status).toBe(202);
  expect(second.body.lineage).toMatchObject({
    sourceModel: ucModel('acc'),
    sourceVersion: '2',
  });
  const approved = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'prd' })
    .set('Authorization', reviewer)
    .send({ type: 'approve', reason: 'gate and lineage checked' });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({
    status: 'running',
    approval: { decision: 'approved', decidedBy: 'user:default/reviewer' },
  });
  const done = await ended(server, 'prd', second.body.id);
  expect(done.status).toBe('succeeded');
  const registry = (await get(server, `${path}/overview`, 'prd')).registry.data;
  expect(
    registry.versions.find((v: any) => v.version === registry.champion),
  ).toMatchObject({
    lineage: {
      sourceEnvironment: 'acc',
      sourceModel: ucModel('acc'),
      sourceVersion: '2',
    },
  });
  const history = (await get(server, `${path}/history`, 'prd')).items;
  expect(
    history
      .filter((e: any) => e.operationId === second.body.id)
      .map((e: any) => [e.type, e.outcome, e.actor]),
  ).toEqual([
    ['promote-to-env', 'succeeded', expect.any(String)],
    ['approve', 'recorded', 'user:default/reviewer'],
    ['promote-to-env', 'awaiting-approval', expect.any(String)],
  ]);
});

it('starts no second job run and copies once after a crash between run-now and its record', async () => {
  const knex = await databases.init('SQLITE_3');
  const database = mockServices.database.factory({ knex });
  const first = await startBackend(database);
  const start = await request(first.server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({ type: 'promote-to-env', sourceVersion: '2' });
  expect(start.status).toBe(202);
  const started = await until(
    () => get(first.server, `${path}/operations/${start.body.id}`, 'acc'),
    op => op.phase === 'waiting-for-job',
  );
  await first.stop();
  expect(started.jobRunId).toBeDefined();

  // as if the backend had died after run-now answered, before it recorded the run
  const row = await knex('fmlops_operations')
    .where({ id: start.body.id })
    .first();
  const { jobRunId: _lost, ...state } = JSON.parse(row.state);
  await knex('fmlops_operations')
    .where({ id: start.body.id })
    .update({
      state: JSON.stringify({ ...state, phase: 'starting-job' }),
      phase: 'starting-job',
      next_tick_at: 0,
    });

  const second = await startBackend(database);
  const done = await ended(second.server, 'acc', start.body.id);
  expect(done.status).toBe('succeeded');
  // run-now repeated with the operation's token answers the run it started before
  expect(done.jobRunId).toBe(started.jobRunId);
  expect(await promotionRuns()).toHaveLength(1);
  expect(await accCopiesOfDev2()).toHaveLength(1);
  await second.stop();
});

it('takes a copy the promotion job made before instead of copying the version again', async () => {
  // someone ran acc's promotion job by hand for dev's v2
  const { run_id: runId } = await databricks('acc', '/api/2.2/jobs/run-now', {
    method: 'POST',
    body: JSON.stringify({
      job_id: 3203,
      job_parameters: {
        source_model: ucModel('dev'),
        source_version: '2',
        target_model: ucModel('acc'),
        source_environment: 'dev',
      },
    }),
  });
  await until(
    () => databricks('acc', `/api/2.2/jobs/runs/get?run_id=${runId}`),
    run => run.state?.result_state === 'SUCCESS',
  );
  const [copy] = await accCopiesOfDev2();

  const { server } = await startBackend();
  const start = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({ type: 'promote-to-env', sourceVersion: '2' });
  const done = await ended(server, 'acc', start.body.id);
  expect(done.status).toBe('succeeded');
  expect(done.jobRunId).toBeUndefined();
  expect(done.history.map((h: any) => h.message)).toContainEqual(
    expect.stringMatching(/already copied into .*: no job run needed/),
  );
  expect(await promotionRuns()).toHaveLength(1);
  expect(await accCopiesOfDev2()).toEqual([copy]);
  const registry = (await get(server, `${path}/overview`, 'acc')).registry.data;
  expect(registry.champion).toBe(copy);
});

it('fails a copy that does not pass the target environment’s gate, leaving its serving and champion alone', async () => {
  const { server } = await startBackend(undefined, {
    defaultPolicy: {
      gates: [
        {
          metric: 'pr_auc',
          greaterIsBetter: true,
          threshold: 0.95,
          primary: true,
        },
      ],
      rollout: { bakeMinutes: 0.01, health: { minRequests: 1 } },
      retrain: { automatic: false },
    },
  });
  const routesBefore = await servedRoutes('acc');
  const start = await request(server)
    .post(`${path}/operations`)
    .query({ env: 'acc' })
    .send({ type: 'promote-to-env', sourceVersion: '2' });
  expect(start.status).toBe(202);
  const done = await ended(server, 'acc', start.body.id);
  expect(done.status).toBe('failed');
  expect(done.message).toMatch(
    /does not pass the promotion gate of default: pr_auc 0.84 ≥ 0.95/,
  );
  const gate = done.evidence.find((e: any) => e.kind === 'gate');
  expect(gate.gate).toMatchObject({ decision: 'reject' });
  expect(gate.gate.checks).toContainEqual(
    expect.objectContaining({ metric: 'pr_auc', value: 0.84, passed: false }),
  );
  expect(await servedRoutes('acc')).toEqual(routesBefore);
  const registry = (await get(server, `${path}/overview`, 'acc')).registry.data;
  expect(registry.champion).toBe('1');
  // the copy stays acc's challenger, for a person to look at
  expect(registry.challenger).toBe((await accCopiesOfDev2())[0]);
});
