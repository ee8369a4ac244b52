import { Router } from 'express';
import { ApiError } from '../../domain/errors';
import { StatementExecutionService } from '../../services/sql';
import { route } from '../handlers';

export interface Warehouse {
  id: string;
  name: string;
}

/** SQL warehouses (always running) and the Statement Execution API on them. */
export function sqlRoutes(
  statements: StatementExecutionService,
  warehouses: Warehouse[],
): Router {
  const router = Router();
  const warehouseIds = new Set(warehouses.map(w => w.id));
  const warehouseView = (w: Warehouse) => ({
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
  router.get(
    '/api/2.0/sql/warehouses',
    route(() => ({ warehouses: warehouses.map(warehouseView) })),
  );
  router.get(
    '/api/2.0/sql/warehouses/:id',
    route(req => {
      const w = warehouses.find(x => x.id === req.params.id);
      if (!w)
        throw new ApiError(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          `Warehouse '${req.params.id}' does not exist.`,
        );
      return warehouseView(w);
    }),
  );
  router.post(
    '/api/2.0/sql/statements',
    route(req => statements.submitStatement(req.body ?? {}, warehouseIds)),
  );
  router.post(
    '/api/2.0/sql/statements/',
    route(req => statements.submitStatement(req.body ?? {}, warehouseIds)),
  );
  router.get(
    '/api/2.0/sql/statements/:id',
    route(req => statements.getStatement(req.params.id)),
  );
  router.post(
    '/api/2.0/sql/statements/:id/cancel',
    route(req => {
      statements.cancelStatement(req.params.id);
      return {};
    }),
  );
  router.get(
    '/api/2.0/sql/statements/:id/result/chunks/:index',
    route(req => statements.chunk(req.params.id, Number(req.params.index))),
  );
  return router;
}
