/**
 * The read path on the real portal: the production backend (the bundle `yarn workspace backend
 * build` makes, the one the Dockerfile ships) with its auth, catalog, permission and fmlops
 * backends, signed in as guest, in front of the local Databricks workspace. Loads the health
 * route, Backstage's own catalog read, the fmlops overview and the portfolio side by side with the
 * same client (autocannon); then a second portal with 5,000 synthetic models for the portfolio at
 * scale and the backend's memory. Run: bash bench/read-path/run.sh
 */
import { startLocalWorkspace } from '@fmlops/databricks-emulator';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SYNTHETIC = Number(process.env.BENCH_SYNTHETIC_MODELS ?? 5000);
const PORT = Number(process.env.BENCH_PORT ?? 7007);
/** `routes` (the side-by-side load), `scale` (the synthetic models), or both (default) */
const PHASES = (process.env.BENCH_PHASES ?? 'routes,scale').split(',');
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = 'dapi-fmlops-local';

const routes = {
  health: '/.backstage/health/v1/readiness',
  catalogEntityByName:
    '/api/catalog/entities/by-name/resource/default/ach-payment-anomaly',
  fmlopsOverview:
    '/api/fmlops/models/resource/default/ach-payment-anomaly/overview',
  /** the portfolio page's first page, as the page asks for it */
  fmlopsPortfolio: '/api/fmlops/models?limit=25',
};
const wholePortfolio = '/api/fmlops/models';
const NOT_READ = 'pipeline and job runs not read yet';

/** The production bundle unpacked as the Dockerfile does, its own packages linked by name. */
function unpackBundle(work: string): string {
  const bundle = path.join(ROOT, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run yarn workspace backend build`);
  }
  const app = path.join(work, 'app');
  fs.mkdirSync(app, { recursive: true });
  execFileSync('tar', ['xzf', bundle, '-C', app]);
  // what `yarn workspaces focus --production` installs in the image: the bundle's own packages
  // linked by name, every other package from the repository's node_modules
  const own = new Set<string>();
  for (const dir of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(app, dir))) {
      const manifest = path.join(app, dir, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')).name as string;
      own.add(pkg.split('/')[0]);
      const link = path.join(app, 'node_modules', pkg);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(app, dir, name), link);
    }
  }
  const repoModules = path.join(ROOT, 'node_modules');
  for (const entry of fs.readdirSync(repoModules)) {
    if (!own.has(entry) && !entry.startsWith('.')) {
      fs.symlinkSync(
        path.join(repoModules, entry),
        path.join(app, 'node_modules', entry),
      );
    }
  }
  return app;
}

function syntheticEntities(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const name = `synthetic-model-${n}`;
    return `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  annotations:
    databricks.com/workspace: dev
    databricks.com/uc-model: fmlops_synthetic.portfolio.synthetic_model_${n}
    databricks.com/serving-endpoint: ${name}
    databricks.com/drift-table: fmlops_synthetic.portfolio.synthetic_model_${n}_drift
spec:
  type: ml-model
  owner: group:default/ml-platform
`;
  }).join('---\n');
}

/** app-config.yaml plus this: SQLite and the memory cache, guest sign-in, the local workspace. */
function benchConfig(
  work: string,
  workspaceUrl: string,
  warehouseId: string,
  synthetic: number,
) {
  const locations = [
    `    - type: file\n      target: ${ROOT}/examples/models.yaml`,
    `    - type: file\n      target: ${ROOT}/examples/org.yaml\n      rules:\n        - allow: [User, Group]`,
  ];
  if (synthetic > 0) {
    const file = path.join(work, 'synthetic-models.yaml');
    fs.writeFileSync(file, syntheticEntities(synthetic));
    locations.push(`    - type: file\n      target: ${file}`);
  }
  const config = `
app:
  baseUrl: ${BASE}
backend:
  baseUrl: ${BASE}
  listen: { port: ${PORT} }
  database:
    client: better-sqlite3
    connection: { directory: ${work}/db }
auth:
  environment: development
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
      userEntityRef: user:default/guest
      ownershipEntityRefs: [user:default/guest, group:default/ml-platform]
catalog:
  processingInterval: { minutes: 30 }
  locations:
${locations.join('\n')}
fmlops:
  # the guardian's and the controller's passes over every model would count in the portfolio's calls
  controller: { intervalSeconds: 3600, guardianIntervalSeconds: 3600 }
  workspaces:
    dev:
      host: ${workspaceUrl}
      token: ${TOKEN}
      warehouseId: ${warehouseId}
`;
  const file = path.join(work, `bench-${synthetic}.yaml`);
  fs.writeFileSync(file, config);
  return file;
}

async function startPortal(app: string, configFile: string, log: string) {
  const child = spawn(
    process.execPath,
    [
      'packages/backend',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: app,
      env: {
        ...process.env,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')],
    },
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the backend exited with ${child.exitCode}; see ${log}`);
    }
    const ok = await fetch(`${BASE}${routes.health}`).then(
      r => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline)
      throw new Error(`the backend did not start; see ${log}`);
    await sleep(1000);
  }
}

async function stopPortal(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise(resolve => child.once('exit', resolve));
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body = (await res.json()) as any;
  const token = body?.backstageIdentity?.token;
  if (!token)
    throw new Error(
      `guest sign-in failed: ${res.status} ${JSON.stringify(body)}`,
    );
  return token;
}

async function get(route: string, token: string) {
  const res = await fetch(`${BASE}${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Waits until the catalog has processed `count` model Resources. */
async function catalogHas(count: number, token: string) {
  const deadline = Date.now() + 900_000;
  for (;;) {
    const { body } = await get(
      '/api/catalog/entities/by-query?filter=kind=resource,spec.type=ml-model&limit=1',
      token,
    );
    if ((body?.totalItems ?? 0) >= count) return;
    if (Date.now() > deadline)
      throw new Error(
        `the catalog holds ${body?.totalItems} models, not ${count}`,
      );
    await sleep(2000);
  }
}

async function until<T>(read: () => Promise<T>, done: (t: T) => boolean) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error('the portfolio did not show every pipeline and job');
    await sleep(250);
  }
}

async function load(route: string, token: string, connections: number) {
  const result = await autocannon({
    url: `${BASE}${route}`,
    connections,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-read-path-'));
  const app = unpackBundle(work);
  const report: Record<string, any> = {
    seconds: SECONDS,
    loadAverageAtStart: os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' '),
    cpus: os.cpus().length,
  };

  // 1. the demo catalog: every route under the same load, one after the other
  if (PHASES.includes('routes')) {
    const ws = await startLocalWorkspace({ port: 0, token: TOKEN });
    const portal = await startPortal(
      app,
      benchConfig(work, ws.url, ws.warehouseId, 0),
      path.join(work, 'backend-demo.log'),
    );
    try {
      const token = await guestToken();
      await catalogHas(5, token);
      for (const route of Object.values(routes)) {
        const { status } = await get(route, token);
        if (status !== 200) throw new Error(`${route} answered ${status}`);
      }
      const table: Record<string, any> = {};
      for (const [name, route] of Object.entries(routes)) {
        table[name] = {
          at100: await load(route, token, 100),
          at10: await load(route, token, 10),
        };
      }
      const catalog = table.catalogEntityByName;
      for (const name of ['fmlopsOverview', 'fmlopsPortfolio']) {
        table[name].ratioToCatalogAt100 = +(
          table[name].at100.requestsPerSecond / catalog.at100.requestsPerSecond
        ).toFixed(2);
      }
      report.routes = table;
    } finally {
      await stopPortal(portal);
      await ws.stop();
    }
  }

  // 2. the portfolio at scale: SYNTHETIC models more in the catalog and the local workspace
  if (SYNTHETIC > 0 && PHASES.includes('scale')) {
    const ws = await startLocalWorkspace({
      port: 0,
      token: TOKEN,
      scenarios: [
        'healthy',
        'drifting',
        'canary',
        'latency-spike',
        'failing-expectation',
      ],
      syntheticModels: SYNTHETIC,
    });
    const portal = await startPortal(
      app,
      benchConfig(work, ws.url, ws.warehouseId, SYNTHETIC),
      path.join(work, 'backend-scale.log'),
    );
    try {
      const token = await guestToken();
      const ingestStarted = Date.now();
      await catalogHas(SYNTHETIC + 5, token);
      await sleep(5000);
      const idleMb = rssMb(portal.pid!);
      const timed = async (route: string) => {
        const started = Date.now();
        const res = await get(route, token);
        return { ...res, ms: Date.now() - started };
      };
      // The local workspace simulates the serving traffic of every minute since its last request
      // when the next one comes (5,000 endpoints × the minutes of the catalog's ingestion), which
      // a real workspace does not: one direct request brings it up to date, timed on its own, so
      // the first page's figure is the portal's.
      const catchUpStarted = Date.now();
      await fetch(`${ws.url}/api/2.0/serving-endpoints`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }).then(r => r.arrayBuffer());
      const localWorkspaceCatchUpMs = Date.now() - catchUpStarted;
      const before = ws.totalRequests();
      const byRouteBefore = new Map(ws.requests);
      const busyBefore = ws.busyMs();
      const first = await timed(routes.fmlopsPortfolio);
      const localWorkspaceBusyMs = Math.round(ws.busyMs() - busyBefore);
      const calls = ws.totalRequests() - before;
      const callsByRoute = Object.fromEntries(
        [...ws.requests]
          .map(([route, n]) => [route, n - (byRouteBefore.get(route) ?? 0)])
          .filter(([, n]) => Number(n) > 0),
      );
      // the refresh's batch reads; per-model pipeline and job reads are the background sweep's,
      // which starts as the refresh ends and may land within the request's window
      const refreshCalls = Object.entries(callsByRoute)
        .filter(([route]) => /serving-endpoints$|sql\/statements/.test(route))
        .reduce((sum, [, n]) => sum + Number(n), 0);
      // the pipelines' and jobs' background sweep, then the refresh that shows it
      const sweepStarted = Date.now();
      const swept = await until(
        () => get(wholePortfolio, token),
        r => !r.body.items.some((i: any) => i.healthReasons.includes(NOT_READ)),
      );
      const sweepMs = Date.now() - sweepStarted;
      const sweepCalls = ws.totalRequests() - before - calls;
      const warmFirstPage = await timed(routes.fmlopsPortfolio);
      const warmWhole = await timed(wholePortfolio);
      await sleep(2000);
      report.portfolioAtScale = {
        models: first.body.total,
        status: first.status,
        firstPageItems: first.body.items?.length,
        catalogIngestSeconds: Math.round((Date.now() - ingestStarted) / 1000),
        firstPageColdMs: first.ms,
        localWorkspaceCatchUpMs,
        localWorkspaceBusyMsDuringFirstPage: localWorkspaceBusyMs,
        databricksCallsFirstPage: calls,
        databricksCallsOfTheRefresh: refreshCalls,
        callsByRoute,
        modelsWithPipelineOrJobs: swept.body.items.filter((i: any) =>
          /^resource:default\/(?!synthetic-)/.test(i.entityRef),
        ).length,
        activitySweepMs: sweepMs,
        databricksCallsActivitySweepAndRefresh: sweepCalls,
        firstPageWarmMs: warmFirstPage.ms,
        wholePortfolioWarmMs: warmWhole.ms,
        wholePortfolioBytes: JSON.stringify(warmWhole.body).length,
        backendRssIdleMb: idleMb,
        backendRssWarmMb: rssMb(portal.pid!),
      };
    } finally {
      await stopPortal(portal);
      await ws.stop();
    }
  }
  report.loadAverageAtEnd = os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
