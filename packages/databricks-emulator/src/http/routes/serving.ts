import { Router } from 'express';
import { ServingService } from '../../services/serving';
import { servingUpdateFails } from '../faultInjection';
import { route } from '../handlers';

/** Model Serving: endpoints, config updates, tags, the metrics export and invocations. */
export function servingRoutes(serving: ServingService): Router {
  const router = Router();
  router.get(
    '/api/2.0/serving-endpoints',
    route(() => ({ endpoints: serving.listEndpoints() })),
  );
  router.get(
    '/api/2.0/serving-endpoints/:name',
    route(req => serving.getEndpoint(req.params.name)),
  );
  router.put(
    '/api/2.0/serving-endpoints/:name/config',
    route((req, res) =>
      serving.updateConfig(req.params.name, req.body ?? {}, {
        fail: servingUpdateFails(res),
      }),
    ),
  );
  router.patch(
    '/api/2.0/serving-endpoints/:name/tags',
    route(req => serving.patchTags(req.params.name, req.body ?? {})),
  );
  router.get(
    '/api/2.0/serving-endpoints/:name/metrics',
    route((req, res) => {
      res
        .type('text/plain; version=0.0.4')
        .send(serving.metricsText(req.params.name));
    }),
  );
  router.post(
    '/serving-endpoints/:name/invocations',
    route((req, res) => {
      const { servedEntity, response } = serving.invoke(
        req.params.name,
        req.body ?? {},
      );
      res.setHeader('served-model-name', servedEntity);
      return response;
    }),
  );
  return router;
}
