import express from 'express';
import { EmulatedClock } from '../domain/clock';
import { FaultInjector } from '../domain/faults';
import { LocalWorkspaceState } from '../workspace/localWorkspaceState';
import { requireToken } from './auth';
import { errorHandler, unknownRoute } from './errorHandling';
import { injectFaults } from './faultInjection';
import { adminRoutes } from './routes/admin';
import { jobsRoutes } from './routes/jobs';
import { mlflowRoutes } from './routes/mlflow';
import { pipelinesRoutes } from './routes/pipelines';
import { servingRoutes } from './routes/serving';
import { sqlRoutes, Warehouse } from './routes/sql';
import { unityCatalogRoutes } from './routes/unityCatalog';

export interface AppOptions {
  state: LocalWorkspaceState;
  faults: FaultInjector;
  clock: EmulatedClock;
  token: string;
  warehouses: Warehouse[];
  /** counts requests per route, for tests and benchmarks */
  onRequest?: (method: string, path: string) => void;
  /** each stretch of time with at least one request in flight, in ms (for benchmarks) */
  onBusy?: (ms: number) => void;
  log?: (line: string) => void;
}

/** The HTTP face of the local workspace: Databricks' REST paths over the emulated services. */
export function createApp(o: AppOptions): express.Express {
  const { state } = o;
  const app = express();
  app.disable('x-powered-by');
  // large enough for a state export of a few hundred models (POST /__admin/state)
  app.use(express.json({ limit: '64mb' }));
  app.use(express.text({ type: 'text/plain' }));
  app.use(requireToken(o.token));
  let inFlight = 0;
  let busySince = 0;
  app.use((req, res, next) => {
    o.onRequest?.(req.method, req.path);
    if (inFlight++ === 0) busySince = performance.now();
    res.once('close', () => {
      if (--inFlight === 0) o.onBusy?.(performance.now() - busySince);
    });
    next();
  });
  app.use(injectFaults(o.faults));

  app.use(servingRoutes(state.serving));
  app.use(unityCatalogRoutes(state.unityCatalog));
  app.use(mlflowRoutes(state.mlflow));
  app.use(jobsRoutes(state.jobs));
  app.use(pipelinesRoutes(state.pipelines));
  app.use(sqlRoutes(state.statements, o.warehouses));
  app.use(adminRoutes(o));

  app.use(unknownRoute);
  app.use(errorHandler(o.log));
  return app;
}
