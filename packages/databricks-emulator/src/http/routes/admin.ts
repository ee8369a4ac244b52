import { Router } from 'express';
import { EmulatedClock } from '../../domain/clock';
import { invalid } from '../../domain/errors';
import { FaultInjector } from '../../domain/faults';
import { LocalWorkspaceState } from '../../workspace/localWorkspaceState';
import { optionalNumber, route } from '../handlers';

/**
 * The admin API under /__admin (never faulted): faults, the emulated clock, the state's export,
 * import and reset, the scenarios, per-job and per-version failures, and bundle deployments.
 */
export function adminRoutes(o: {
  state: LocalWorkspaceState;
  faults: FaultInjector;
  clock: EmulatedClock;
}): Router {
  const { state, faults, clock } = o;
  const router = Router();
  router.get(
    '/__admin/faults',
    route(() => ({ faults: faults.list() })),
  );
  router.post(
    '/__admin/faults',
    route((req, res) => {
      try {
        res.status(201).json(faults.add(req.body));
      } catch (e) {
        throw invalid((e as Error).message);
      }
    }),
  );
  router.delete(
    '/__admin/faults',
    route(() => ({ removed: faults.remove() })),
  );
  router.delete(
    '/__admin/faults/:id',
    route(req => ({ removed: faults.remove(req.params.id) })),
  );
  router.get(
    '/__admin/clock',
    route(() => ({
      now: new Date(clock.now()).toISOString(),
      timeScale: clock.scale,
    })),
  );
  // POST /__admin/clock {advanceSeconds} and POST /__admin/clock/advance {seconds} alike
  router.post(
    ['/__admin/clock', '/__admin/clock/advance'],
    route(req => {
      const seconds = optionalNumber(
        req.body?.seconds ?? req.body?.advanceSeconds,
        'seconds',
      );
      if (seconds === undefined || seconds < 0)
        throw invalid('seconds must be zero or more.');
      clock.advance(seconds * 1000);
      state.tick();
      return { now: new Date(clock.now()).toISOString() };
    }),
  );
  router.get(
    '/__admin/state',
    route(() => state.snapshot()),
  );
  router.post(
    '/__admin/state',
    route(req => {
      state.restore(req.body);
      return { restored: true, models: state.scenarios.length };
    }),
  );
  router.post(
    '/__admin/scenarios/reset',
    route(() => {
      state.reset();
      return { reset: true, models: state.scenarios.length };
    }),
  );
  router.get(
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
  // `databricks bundle deploy` of a rendered bundle, then its jobs' first runs (services/bundleDeploy.ts)
  router.post(
    '/__admin/bundle/deploy',
    route(req => state.bundles.deploy(req.body ?? {})),
  );
  router.get(
    '/__admin/bundle/deployments',
    route(() => ({ deployments: state.bundles.list() })),
  );
  router.post(
    '/__admin/jobs/:id/fail-next-run',
    route(req => {
      state.jobs.failNextRun(Number(req.params.id));
      return {};
    }),
  );
  router.post(
    '/__admin/serving-endpoints/:name/profiles/:version',
    route(req => {
      state.serving.setProfile(
        req.params.name,
        req.params.version,
        req.body ?? {},
      );
      return {};
    }),
  );
  router.post(
    '/__admin/serving-endpoints/:name/metrics-export',
    route(req =>
      state.serving.setMetricsExport(req.params.name, req.body ?? {}),
    ),
  );
  return router;
}
