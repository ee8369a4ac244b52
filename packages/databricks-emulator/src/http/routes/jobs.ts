import { Router } from 'express';
import { JobsService } from '../../services/jobs';
import { optionalNumber, route } from '../handlers';

/** Jobs, under both API versions the SDKs use: jobs, run-now, runs, cancel. */
export function jobsRoutes(jobs: JobsService): Router {
  const router = Router();
  for (const version of ['2.1', '2.2']) {
    router.get(
      `/api/${version}/jobs/list`,
      route(() => ({ jobs: jobs.listJobs(), has_more: false })),
    );
    router.get(
      `/api/${version}/jobs/get`,
      route(req =>
        jobs.getJob(optionalNumber(req.query.job_id, 'job_id') ?? -1),
      ),
    );
    router.post(
      `/api/${version}/jobs/run-now`,
      route(req => jobs.runNow(req.body ?? {})),
    );
    router.get(
      `/api/${version}/jobs/runs/get`,
      route(req =>
        jobs.getJobRun(optionalNumber(req.query.run_id, 'run_id') ?? -1),
      ),
    );
    router.post(
      `/api/${version}/jobs/runs/cancel`,
      route(req => {
        jobs.cancelRun(Number(req.body?.run_id));
        return {};
      }),
    );
    router.get(
      `/api/${version}/jobs/runs/list`,
      route(req =>
        jobs.listRuns({
          job_id: optionalNumber(req.query.job_id, 'job_id'),
          active_only: req.query.active_only === 'true',
          completed_only: req.query.completed_only === 'true',
          limit: optionalNumber(req.query.limit, 'limit'),
          page_token: req.query.page_token
            ? String(req.query.page_token)
            : undefined,
        }),
      ),
    );
  }
  return router;
}
