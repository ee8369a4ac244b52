/**
 * Two replicas of the production backend on one PostgreSQL and one Redis, against an external
 * local workspace that fails 30% of Databricks calls with a 500. A canary promotion starts on
 * replica A, A is killed with SIGKILL mid-bake, and replica B finishes the operation exactly once,
 * with a complete history and no 5xx on reads during the fail-over.
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379, as the README's
 * test command provides. Run alone: `./fmlops yarn workspace backend test:e2e`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

jest.setTimeout(600_000);

const root = path.resolve(__dirname, '../../..');
const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const WORKSPACE_PORT = 8931;
const WORKSPACE_TOKEN = 'dapi-replicas';
const PORTS = { a: 7131, b: 7132 };
const MODEL = 'models/resource/default/ach-payment-anomaly';
const prefix = `fmlops_replicas_${randomBytes(3).toString('hex')}_`;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-replicas-'));

const processes: ChildProcess[] = [];

function start(name: string, args: string[], cwd: string) {
  const log = fs.openSync(path.join(workDir, `${name}.log`), 'w');
  const child = spawn(process.execPath, ['-r', transform, ...args], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: ['ignore', log, log],
  });
  processes.push(child);
  return child;
}

function replicaConfig(port: number) {
  const file = path.join(workDir, `replica-${port}.yaml`);
  const examples = path.join(root, 'examples');
  fs.writeFileSync(
    file,
    JSON.stringify({
      app: { baseUrl: `http://localhost:${port}` },
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: {
          client: 'pg',
          prefix,
          connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
        },
        cache: {
          store: 'redis',
          connection: 'redis://127.0.0.1:6379',
          redis: { client: { namespace: prefix } },
        },
      },
      auth: {
        providers: {
          guest: {
            dangerouslyAllowOutsideDevelopment: true,
            userEntityRef: 'user:default/guest',
            ownershipEntityRefs: [
              'user:default/guest',
              'group:default/fraud-ml',
            ],
          },
        },
      },
      catalog: {
        locations: [
          { type: 'file', target: path.join(examples, 'models.yaml') },
          {
            type: 'file',
            target: path.join(examples, 'org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
      },
      fmlops: {
        workspaces: {
          dev: {
            host: `http://127.0.0.1:${WORKSPACE_PORT}`,
            token: WORKSPACE_TOKEN,
            warehouseId: 'f1a2b3c4d5e6f708',
          },
        },
        controller: { intervalSeconds: 1, guardianIntervalSeconds: 3600 },
        cache: { freshSeconds: 1, staleWhileRevalidateSeconds: 300 },
        defaultPolicy: { rollout: { bakeMinutes: 0.25 } },
      },
    }),
  );
  return file;
}

function startReplica(port: number) {
  return start(
    `replica-${port}`,
    [
      path.join(root, 'packages/backend/src/index.ts'),
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      replicaConfig(port),
    ],
    path.join(root, 'packages/backend'),
  );
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what} (${last ?? 'no answer'})`);
}

async function signIn(port: number): Promise<string> {
  const res = await fetch(
    `http://localhost:${port}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

function api(port: number, token: string) {
  return (route: string, init: RequestInit = {}) =>
    fetch(`http://localhost:${port}/api/fmlops/${route}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
}

async function dropDatabases() {
  const client = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const child of processes) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await dropDatabases();
});

it('finishes a canary promotion exactly once after the replica that started it is killed', async () => {
  start(
    'workspace',
    [
      path.join(root, 'packages/databricks-emulator/src/cli.ts'),
      '--port',
      String(WORKSPACE_PORT),
      '--token',
      WORKSPACE_TOKEN,
      '--time-scale',
      '60',
    ],
    root,
  );
  const admin = (route: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${WORKSPACE_PORT}/__admin/${route}`, {
      ...init,
      headers: {
        authorization: `Bearer ${WORKSPACE_TOKEN}`,
        'content-type': 'application/json',
      },
    });
  await waitFor('the local workspace', async () =>
    (await admin('faults')).ok ? true : undefined,
  );

  // replicas start one after the other, as in a rolling deployment: the first start of a fresh
  // database runs every plugin's migrations, which two processes must not race
  const ready = (port: number) =>
    waitFor(`replica on ${port}`, async () =>
      (await fetch(`http://localhost:${port}/.backstage/health/v1/readiness`))
        .ok
        ? true
        : undefined,
    );
  const a = startReplica(PORTS.a);
  await ready(PORTS.a);
  const b = startReplica(PORTS.b);
  await ready(PORTS.b);
  const token = await waitFor('replica A to sign in a guest', () =>
    signIn(PORTS.a),
  );
  const onA = api(PORTS.a, token);
  const onB = api(PORTS.b, token);
  // the catalog has ingested the demo models on both replicas
  for (const replica of [onA, onB]) {
    await waitFor('the demo model in the catalog', async () =>
      (await replica(`${MODEL}/overview`)).ok ? true : undefined,
    );
  }

  const fault = await admin('faults', {
    method: 'POST',
    body: JSON.stringify({
      path: '/api/**',
      kind: 'error',
      status: 500,
      probability: 0.3,
    }),
  });
  expect(fault.status).toBe(201);

  // A client submits with an idempotency key and repeats on a 503: with 30% of Databricks calls
  // failing, the submission's own reads (the binding check) can exhaust their retries, and the
  // portal says so instead of guessing. The key makes the repeat harmless.
  const submission = JSON.stringify({
    type: 'promote',
    strategy: 'canary',
    steps: [10, 50, 100],
    reason: 'fail-over test',
    idempotencyKey: `replicas-${prefix}`,
  });
  const submitStatuses: number[] = [];
  const submitted = await waitFor('the promotion to be accepted', async () => {
    const res = await onA(`${MODEL}/operations`, {
      method: 'POST',
      body: submission,
    });
    submitStatuses.push(res.status);
    return res.status === 503 ? undefined : res;
  });
  // 202 created; 200 when an earlier attempt created it before its answer failed
  expect(submitStatuses.filter(s => ![200, 202, 503].includes(s))).toEqual(
    [],
  );
  expect([200, 202]).toContain(submitted.status);
  const operationId: string = (await submitted.json()).id;

  await waitFor('the first bake', async () => {
    const res = await onB(`${MODEL}/operations/${operationId}`);
    const op = res.ok ? await res.json() : undefined;
    return op?.phase === 'baking' ? op : undefined;
  });
  a.kill('SIGKILL');

  // reads on the survivor while it takes over: never a 5xx
  const readStatuses: number[] = [];
  let finished: { status: string } | undefined;
  const deadline = Date.now() + 300_000;
  while (!finished && Date.now() < deadline) {
    const overview = await onB(`${MODEL}/overview`);
    readStatuses.push(overview.status);
    const res = await onB(`${MODEL}/operations/${operationId}`);
    readStatuses.push(res.status);
    const op = res.ok ? await res.json() : undefined;
    if (
      op &&
      ['succeeded', 'failed', 'aborted', 'rolled-back'].includes(op.status)
    ) {
      finished = op;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  expect(readStatuses.filter(s => s >= 500)).toEqual([]);
  expect(finished?.status).toBe('succeeded');

  // exactly once: one operation, one start and one success in the history, every step applied once
  const operations = await (await onB(`${MODEL}/operations`)).json();
  expect(
    operations.items.filter((o: { type: string }) => o.type === 'promote'),
  ).toHaveLength(1);
  const history = await (await onB(`${MODEL}/history`)).json();
  const ofOperation = history.items.filter(
    (e: { operationId?: string }) => e.operationId === operationId,
  );
  expect(
    ofOperation.filter((e: { outcome?: string }) => e.outcome === 'succeeded'),
  ).toHaveLength(1);
  // what the endpoint serves, read past the injected faults
  const endpoint = await waitFor('the endpoint', async () => {
    const res = await fetch(
      `http://127.0.0.1:${WORKSPACE_PORT}/api/2.0/serving-endpoints/ach-payment-anomaly`,
      { headers: { authorization: `Bearer ${WORKSPACE_TOKEN}` } },
    );
    return res.ok ? res.json() : undefined;
  });
  expect(endpoint.config.traffic_config.routes).toEqual([
    expect.objectContaining({ traffic_percentage: 100 }),
  ]);
  expect(b.exitCode).toBeNull();
});
