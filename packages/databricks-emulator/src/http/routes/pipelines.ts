import { Router } from 'express';
import { PipelinesService } from '../../services/pipelines';
import { optionalNumber, optionalString, route } from '../handlers';

/** Lakeflow Declarative Pipelines (DLT): pipelines, updates, stop and events. */
export function pipelinesRoutes(pipelines: PipelinesService): Router {
  const router = Router();
  router.get(
    '/api/2.0/pipelines',
    route(() => ({ statuses: pipelines.listPipelines() })),
  );
  router.get(
    '/api/2.0/pipelines/:id',
    route(req => pipelines.getPipeline(req.params.id)),
  );
  router.get(
    '/api/2.0/pipelines/:id/updates',
    route(req =>
      pipelines.listUpdates(req.params.id, {
        max_results: optionalNumber(req.query.max_results, 'max_results'),
        page_token: optionalString(req.query.page_token),
      }),
    ),
  );
  router.post(
    '/api/2.0/pipelines/:id/updates',
    route(req => pipelines.startUpdate(req.params.id, req.body ?? {})),
  );
  router.post(
    '/api/2.0/pipelines/:id/stop',
    route(req => {
      pipelines.stopPipeline(req.params.id);
      return {};
    }),
  );
  router.get(
    '/api/2.0/pipelines/:id/updates/:updateId',
    route(req => pipelines.getUpdate(req.params.id, req.params.updateId)),
  );
  router.get(
    '/api/2.0/pipelines/:id/events',
    route(req =>
      pipelines.listEvents(req.params.id, {
        max_results: optionalNumber(req.query.max_results, 'max_results'),
        page_token: req.query.page_token
          ? String(req.query.page_token)
          : undefined,
        order_by: req.query.order_by as string | string[] | undefined,
      }),
    ),
  );
  return router;
}
