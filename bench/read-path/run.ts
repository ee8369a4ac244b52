/**
 * Load on the model overview route, the portfolio at scale, and a naive proxy for comparison.
 * The local workspace adds 100 ms to every Databricks call. Run: bash bench/read-path/run.sh
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startLocalWorkspace } from '@fmlops/databricks-emulator';
import autocannon from 'autocannon';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import fmlopsPlugin from '../../plugins/fmlops-backend/src';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 100;

const examples = parseAllDocuments(
  fs.readFileSync(path.resolve(__dirname, '../../examples/models.yaml'), 'utf8'),
).map(d => ({ ...(d.toJSON() as Entity) }));

function syntheticEntity(i: number): Entity {
  const n = String(i + 1).padStart(4, '0');
  const name = `synthetic-model-${n}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'databricks.com/workspace': 'dev',
        'databricks.com/uc-model': `fmlops_synthetic.portfolio.synthetic_model_${n}`,
        'databricks.com/serving-endpoint': name,
        'databricks.com/drift-table': `fmlops_synthetic.portfolio.synthetic_model_${n}_drift`,
      },
    },
    spec: { type: 'ml-model', owner: 'group:default/ml-platform' },
  };
}

async function backend(url: string, token: string, warehouseId: string, entities: Entity[], cacheEnabled: boolean) {
  return startTestBackend({
    features: [
      fmlopsPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          fmlops: {
            workspaces: { dev: { host: url, token, warehouseId, timeouts: { requestSeconds: 10 } } },
            cache: { enabled: cacheEnabled, freshSeconds: 15, staleWhileRevalidateSeconds: 300 },
            controller: { intervalSeconds: 3600, guardianIntervalSeconds: 3600 },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory(),
    ],
  });
}

async function load(server: any, route: string, connections = CONNECTIONS) {
  const address = server.address();
  const result = await autocannon({
    url: `http://127.0.0.1:${address.port}${route}`,
    connections,
    duration: DURATION,
    headers: { authorization: 'Bearer mock-user-token' },
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

async function main() {
  const report: Record<string, unknown> = { connections: CONNECTIONS, seconds: DURATION, databricksLatencyMs: 100 };
  const route = '/api/fmlops/models/resource/default/ach-payment-anomaly/overview';

  for (const cached of [true, false]) {
    const ws = await startLocalWorkspace({ port: 0, faults: [{ path: '/**', kind: 'latency', latencyMs: 100 }] });
    const instance = await backend(ws.url, ws.token, ws.warehouseId, examples, cached);
    const server = instance.server;
    // warm up: the first read fills the cache
    await fetch(`http://127.0.0.1:${server.address().port}${route}`, { headers: { authorization: 'Bearer mock-user-token' } });
    if (cached) {
      // latency at a sustainable concurrency: what one viewer waits for
      report.overviewCachedLatency = { connections: 16, ...(await load(server, route, 16)) };
    }
    const before = ws.totalRequests();
    const result = await load(server, route);
    const calls = ws.totalRequests() - before;
    report[cached ? 'overviewCached' : 'overviewNaiveProxy'] = { connections: CONNECTIONS, ...result, databricksCalls: calls };
    await instance.stop();
    await ws.stop();
  }
  const cached = report.overviewCached as { databricksCalls: number; total: number };
  const naive = report.overviewNaiveProxy as { databricksCalls: number; total: number };
  // per request served; a cached run that made no call at all counts as one call
  report.databricksCallsPerRequest = {
    cached: cached.databricksCalls / cached.total,
    naive: naive.databricksCalls / naive.total,
    fewerCallsThanNaiveAtLeast: Math.round(
      naive.databricksCalls / naive.total / (Math.max(cached.databricksCalls, 1) / cached.total),
    ),
  };

  const ws = await startLocalWorkspace({ port: 0, scenarios: [], syntheticModels: 500, faults: [{ path: '/**', kind: 'latency', latencyMs: 100 }] });
  const entities = Array.from({ length: 500 }, (_, i) => syntheticEntity(i));
  const instance = await backend(ws.url, ws.token, ws.warehouseId, entities, true);
  const server = instance.server;
  const before = ws.totalRequests();
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${server.address().port}/api/fmlops/models`, { headers: { authorization: 'Bearer mock-user-token' } });
  const body = await res.json();
  report.portfolio500 = { status: res.status, models: body.items?.length, databricksCalls: ws.totalRequests() - before, ms: Date.now() - started };
  await instance.stop();
  await ws.stop();

  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
