import express, { NextFunction, Request, Response } from 'express';
import { ApiError, invalid } from '../domain/errors';
import { FaultInjector } from '../domain/faults';
import { EmulatedClock } from '../domain/clock';
import { LocalWorkspaceState } from '../workspace/localWorkspaceState';

export interface AppOptions {
  state: LocalWorkspaceState;
  faults: FaultInjector;
  clock: EmulatedClock;
  token: string;
  warehouses: Array<{ id: string; name: string }>;
  /** counts requests per route, for tests and benchmarks */
  onRequest?: (method: string, path: string) => void;
  log?: (line: string) => void;
}

type Handler = (req: Request, res: Response) => unknown;

/** Express wrapper: every thrown ApiError becomes Databricks' error JSON with its status. */
const route =
  (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = fn(req, res);
      if (result !== undefined && !res.headersSent) res.json(result);
    } catch (e) {
      next(e);
    }
  };

const num = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw invalid(`${name} must be a number, got ${String(v)}.`);
  return n;
};

const str = (v: unknown): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);

/** The HTTP face of the local workspace: Databricks' REST paths over the domain state. */
export function createApp(o: AppOptions): express.Express {
  const { state, faults } = o;
  const app = express();
  app.disable('x-powered-by');
  // large enough for a state export of a few hundred models (POST /__admin/state)
  app.use(express.json({ limit: '64mb' }));
  app.use(express.text({ type: 'text/plain' }));

  // auth: a PAT is required, as in a real workspace
  app.use((req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      res.status(401).json({
        error_code: 'UNAUTHENTICATED',
        message:
          'Credential was not sent or was of an unsupported type for this API.',
      });
      return;
    }
    const token = header.replace(/^Bearer\s+/i, '');
    if (token !== o.token) {
      res.status(403).json({
        error_code: 'PERMISSION_DENIED',
        message: 'Invalid access token.',
      });
      return;
    }
    next();
  });

  // faults, per route
  app.use((req, res, next) => {
    o.onRequest?.(req.method, req.path);
    if (req.path.startsWith('/__admin')) {
      next();
      return;
    }
    const fired = faults.match(req.method, req.path);
    const delay = fired
      .filter(f => f.kind === 'latency')
      .reduce((s, f) => s + (f.latencyMs ?? 0), 0);
    const act = () => {
      for (const f of fired) {
        if (f.kind === 'stall') return; // never answer: the client's time-out decides
        if (f.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (f.kind === 'rate-limit') {
          res.setHeader('Retry-After', String(f.retryAfterSeconds ?? 1));
          res.status(429).json({
            error_code: 'REQUEST_LIMIT_EXCEEDED',
            message: 'Too many requests. Please wait a moment and try again.',
          });
          return;
        }
        if (f.kind === 'error') {
          const status = f.status ?? 503;
          res.status(status).json({
            error_code:
              status === 503 ? 'TEMPORARILY_UNAVAILABLE' : 'INTERNAL_ERROR',
            message:
              status === 503
                ? 'The service is temporarily unavailable.'
                : 'An internal error occurred.',
          });
          return;
        }
      }
      (req as Request & { failServingUpdate?: boolean }).failServingUpdate =
        fired.some(f => f.kind === 'serving-update-fails');
      next();
    };
    if (delay > 0) setTimeout(act, delay);
    else act();
  });

  // ---- serving
  app.get(
    '/api/2.0/serving-endpoints',
    route(() => ({ endpoints: state.listEndpoints() })),
  );
  app.get(
    '/api/2.0/serving-endpoints/:name',
    route(req => state.getEndpoint(req.params.name)),
  );
  app.put(
    '/api/2.0/serving-endpoints/:name/config',
    route(req =>
      state.updateConfig(req.params.name, req.body ?? {}, {
        fail: (req as Request & { failServingUpdate?: boolean })
          .failServingUpdate,
      }),
    ),
  );
  app.get(
    '/api/2.0/serving-endpoints/:name/metrics',
    route((req, res) => {
      res
        .type('text/plain; version=0.0.4')
        .send(state.metricsText(req.params.name));
    }),
  );
  app.post(
    '/serving-endpoints/:name/invocations',
    route((req, res) => {
      const { servedEntity, response } = state.invoke(
        req.params.name,
        req.body ?? {},
      );
      res.setHeader('served-model-name', servedEntity);
      return response;
    }),
  );

  // ---- Unity Catalog
  const fullName = (req: Request) => decodeURIComponent(req.params.fullName);
  app.get(
    '/api/2.1/unity-catalog/models/:fullName',
    route(req =>
      state.getModel(fullName(req), req.query.include_aliases === 'true'),
    ),
  );
  app.get(
    '/api/2.1/unity-catalog/models',
    route(req =>
      state.listModels({
        catalog_name: str(req.query.catalog_name),
        schema_name: str(req.query.schema_name),
        max_results: num(req.query.max_results, 'max_results'),
        page_token: str(req.query.page_token),
      }),
    ),
  );
  app.post(
    '/api/2.1/unity-catalog/models',
    route(req => state.createModel(req.body ?? {})),
  );
  app.get(
    '/api/2.1/unity-catalog/models/:fullName/versions',
    route(req => {
      const versions = state.listVersions(fullName(req));
      const max = num(req.query.max_results, 'max_results') ?? 100;
      const offset = req.query.page_token
        ? Number(Buffer.from(String(req.query.page_token), 'base64').toString())
        : 0;
      const page = versions.slice(offset, offset + (max || versions.length));
      const more = max > 0 && offset + max < versions.length;
      return {
        model_versions: page,
        ...(more
          ? {
              next_page_token: Buffer.from(String(offset + max)).toString(
                'base64',
              ),
            }
          : {}),
      };
    }),
  );
  app.get(
    '/api/2.1/unity-catalog/models/:fullName/versions/:version',
    route(req => state.getVersion(fullName(req), Number(req.params.version))),
  );
  app.get(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => state.versionByAlias(fullName(req), req.params.alias)),
  );
  app.put(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => {
      const version = num(req.body?.version_num, 'version_num');
      if (version === undefined) throw invalid('version_num is required.');
      return state.setAlias(fullName(req), req.params.alias, version);
    }),
  );
  app.delete(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => {
      state.deleteAlias(fullName(req), req.params.alias);
      return {};
    }),
  );
  app.get(
    '/api/2.1/unity-catalog/schemas/:fullName',
    route(req => state.getSchema(fullName(req))),
  );
  app.post(
    '/api/2.1/unity-catalog/schemas',
    route(req => state.createSchema(req.body ?? {})),
  );

  // ---- MLflow
  app.get(
    '/api/2.0/mlflow/experiments/get',
    route(req => ({
      experiment: state.getExperiment(String(req.query.experiment_id ?? '')),
    })),
  );
  app.get(
    '/api/2.0/mlflow/experiments/get-by-name',
    route(req => ({
      experiment: state.getExperimentByName(
        String(req.query.experiment_name ?? ''),
      ),
    })),
  );
  app.post(
    '/api/2.0/mlflow/runs/search',
    route(req => state.searchRuns(req.body ?? {})),
  );
  app.get(
    '/api/2.0/mlflow/runs/get',
    route(req => ({ run: state.getRun(String(req.query.run_id ?? '')) })),
  );

  // ---- Jobs
  for (const version of ['2.1', '2.2']) {
    app.get(
      `/api/${version}/jobs/list`,
      route(() => ({ jobs: state.listJobs(), has_more: false })),
    );
    app.get(
      `/api/${version}/jobs/get`,
      route(req => state.getJob(num(req.query.job_id, 'job_id') ?? -1)),
    );
    app.post(
      `/api/${version}/jobs/run-now`,
      route(req => state.runNow(req.body ?? {})),
    );
    app.get(
      `/api/${version}/jobs/runs/get`,
      route(req => state.getJobRun(num(req.query.run_id, 'run_id') ?? -1)),
    );
    app.post(
      `/api/${version}/jobs/runs/cancel`,
      route(req => {
        state.cancelRun(Number(req.body?.run_id));
        return {};
      }),
    );
    app.get(
      `/api/${version}/jobs/runs/list`,
      route(req =>
        state.listRuns({
          job_id: num(req.query.job_id, 'job_id'),
          active_only: req.query.active_only === 'true',
          completed_only: req.query.completed_only === 'true',
          limit: num(req.query.limit, 'limit'),
          page_token: req.query.page_token
            ? String(req.query.page_token)
            : undefined,
        }),
      ),
    );
  }

  // ---- Pipelines
  app.get(
    '/api/2.0/pipelines',
    route(() => ({ statuses: state.listPipelines() })),
  );
  app.get(
    '/api/2.0/pipelines/:id',
    route(req => state.getPipeline(req.params.id)),
  );
  app.get(
    '/api/2.0/pipelines/:id/updates',
    route(req =>
      state.listUpdates(req.params.id, {
        max_results: num(req.query.max_results, 'max_results'),
        page_token: str(req.query.page_token),
      }),
    ),
  );
  app.post(
    '/api/2.0/pipelines/:id/updates',
    route(req => state.startUpdate(req.params.id, req.body ?? {})),
  );
  app.post(
    '/api/2.0/pipelines/:id/stop',
    route(req => {
      state.stopPipeline(req.params.id);
      return {};
    }),
  );
  app.get(
    '/api/2.0/pipelines/:id/updates/:updateId',
    route(req => state.getUpdate(req.params.id, req.params.updateId)),
  );
  app.get(
    '/api/2.0/pipelines/:id/events',
    route(req =>
      state.listEvents(req.params.id, {
        max_results: num(req.query.max_results, 'max_results'),
        page_token: req.query.page_token
          ? String(req.query.page_token)
          : undefined,
        order_by: req.query.order_by as string | string[] | undefined,
      }),
    ),
  );

  // ---- SQL
  const warehouseIds = new Set(o.warehouses.map(w => w.id));
  const warehouseView = (w: { id: string; name: string }) => ({
    id: w.id,
    name: w.name,
    state: 'RUNNING',
    cluster_size: '2X-Small',
    warehouse_type: 'PRO',
    enable_serverless_compute: true,
    num_clusters: 1,
    odbc_params: {
      hostname: '127.0.0.1',
      path: `/sql/1.0/warehouses/${w.id}`,
      protocol: 'https',
      port: 443,
    },
  });
  app.get(
    '/api/2.0/sql/warehouses',
    route(() => ({ warehouses: o.warehouses.map(warehouseView) })),
  );
  app.get(
    '/api/2.0/sql/warehouses/:id',
    route(req => {
      const w = o.warehouses.find(x => x.id === req.params.id);
      if (!w)
        throw new ApiError(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          `Warehouse '${req.params.id}' does not exist.`,
        );
      return warehouseView(w);
    }),
  );
  app.post(
    '/api/2.0/sql/statements',
    route(req => state.submitStatement(req.body ?? {}, warehouseIds)),
  );
  app.post(
    '/api/2.0/sql/statements/',
    route(req => state.submitStatement(req.body ?? {}, warehouseIds)),
  );
  app.get(
    '/api/2.0/sql/statements/:id',
    route(req => state.getStatement(req.params.id)),
  );
  app.post(
    '/api/2.0/sql/statements/:id/cancel',
    route(req => {
      state.cancelStatement(req.params.id);
      return {};
    }),
  );
  app.get(
    '/api/2.0/sql/statements/:id/result/chunks/:index',
    route(req => state.chunk(req.params.id, Number(req.params.index))),
  );

  // ---- admin: faults, clock, state, job failures, serving profiles
  app.get(
    '/__admin/faults',
    route(() => ({ faults: faults.list() })),
  );
  app.post(
    '/__admin/faults',
    route((req, res) => {
      try {
        res.status(201).json(faults.add(req.body));
      } catch (e) {
        throw invalid((e as Error).message);
      }
    }),
  );
  app.delete(
    '/__admin/faults',
    route(() => ({ removed: faults.remove() })),
  );
  app.delete(
    '/__admin/faults/:id',
    route(req => ({ removed: faults.remove(req.params.id) })),
  );
  app.get(
    '/__admin/clock',
    route(() => ({
      now: new Date(o.clock.now()).toISOString(),
      timeScale: o.clock.scale,
    })),
  );
  // POST /__admin/clock {advanceSeconds} and POST /__admin/clock/advance {seconds} alike
  app.post(
    ['/__admin/clock', '/__admin/clock/advance'],
    route(req => {
      const seconds = num(
        req.body?.seconds ?? req.body?.advanceSeconds,
        'seconds',
      );
      if (seconds === undefined || seconds < 0)
        throw invalid('seconds must be zero or more.');
      o.clock.advance(seconds * 1000);
      state.tick();
      return { now: new Date(o.clock.now()).toISOString() };
    }),
  );
  app.get(
    '/__admin/state',
    route(() => state.snapshot()),
  );
  app.post(
    '/__admin/state',
    route(req => {
      state.restore(req.body);
      return { restored: true, models: state.scenarios.length };
    }),
  );
  app.post(
    '/__admin/scenarios/reset',
    route(() => {
      state.reset();
      return { reset: true, models: state.scenarios.length };
    }),
  );
  app.get(
    '/__admin/scenarios',
    route(() => ({
      scenarios: state.scenarios.map(s => ({
        scenario: s.scenario,
        endpoint: s.endpoint,
        ucModel: s.ucModel,
        description: s.description,
      })),
    })),
  );
  app.post(
    '/__admin/jobs/:id/fail-next-run',
    route(req => {
      state.failNextRun(Number(req.params.id));
      return {};
    }),
  );
  app.post(
    '/__admin/serving-endpoints/:name/profiles/:version',
    route(req => {
      state.setProfile(req.params.name, req.params.version, req.body ?? {});
      return {};
    }),
  );

  app.use((req, res) => {
    res.status(404).json({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No API found for '${req.method} ${req.path}'`,
    });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      res.status(err.status).json(err.toJSON());
      return;
    }
    const status = (err as { status?: number }).status;
    if (
      (err as { type?: string }).type !== 'entity.parse.failed' &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500
    ) {
      // express's own refusals: a path that does not decode, a body too large, ...
      res.status(status).json({
        error_code: status === 413 ? 'REQUEST_LIMIT_EXCEEDED' : 'BAD_REQUEST',
        message: (err as Error).message,
      });
      return;
    }
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({
        error_code: 'MALFORMED_REQUEST',
        message: 'The request body is not valid JSON.',
      });
      return;
    }
    o.log?.(`local workspace error: ${(err as Error)?.stack ?? err}`);
    res.status(500).json({
      error_code: 'INTERNAL_ERROR',
      message: String((err as Error)?.message ?? err),
    });
  });

  return app;
}
