import { Router } from 'express';
import { MlflowService } from '../../services/mlflow';
import { route } from '../handlers';

/** MLflow tracking: experiments by id, name or search, runs by id or search. */
export function mlflowRoutes(mlflow: MlflowService): Router {
  const router = Router();
  router.get(
    '/api/2.0/mlflow/experiments/get',
    route(req => ({
      experiment: mlflow.getExperiment(String(req.query.experiment_id ?? '')),
    })),
  );
  router.get(
    '/api/2.0/mlflow/experiments/get-by-name',
    route(req => ({
      experiment: mlflow.getExperimentByName(
        String(req.query.experiment_name ?? ''),
      ),
    })),
  );
  router.post(
    '/api/2.0/mlflow/experiments/search',
    route(req => mlflow.searchExperiments(req.body ?? {})),
  );
  router.post(
    '/api/2.0/mlflow/runs/search',
    route(req => mlflow.searchRuns(req.body ?? {})),
  );
  router.get(
    '/api/2.0/mlflow/runs/get',
    route(req => ({ run: mlflow.getRun(String(req.query.run_id ?? '')) })),
  );
  return router;
}
