import type { ml } from '@databricks/sdk-experimental';
import { DatabricksInvalidRequestError } from '../errors';
import { WorkspaceCalls } from './calls';
import { capOf, collect, LISTING_CAPS } from './listing';

/** @public */
export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow search filter, e.g. `tags.fmlops_tournament = 't-12' and metrics.pr_auc > 0.5` */
  filter?: string;
  /** e.g. `['metrics.pr_auc DESC']` */
  orderBy?: string[];
  /** at most LISTING_CAPS.runs */
  maxResults: number;
}

/** MLflow tracking calls: experiments and runs. */
export class MlflowCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  getExperiment(
    workspace: string,
    experimentId: string,
  ): Promise<ml.Experiment> {
    return this.calls.call(
      workspace,
      'experiments.getExperiment',
      'read',
      async (c, ctx) =>
        (
          await c.experiments.getExperiment(
            { experiment_id: experimentId },
            ctx,
          )
        ).experiment ?? {},
    );
  }

  getExperimentByName(workspace: string, name: string): Promise<ml.Experiment> {
    return this.calls.call(
      workspace,
      'experiments.getByName',
      'read',
      async (c, ctx) =>
        (await c.experiments.getByName({ experiment_name: name }, ctx))
          .experiment ?? {},
    );
  }

  /** Runs matching the search, in its order, up to `maxResults` (at most LISTING_CAPS.runs). */
  async searchRuns(
    workspace: string,
    request: SearchRunsRequest,
  ): Promise<ml.Run[]> {
    const operation = 'experiments.searchRuns';
    if (request.experimentIds.length === 0) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        'name at least one experiment id',
      );
    }
    const limit = capOf(
      { workspace, operation },
      request.maxResults,
      LISTING_CAPS.runs,
    );
    return this.calls.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.experiments.searchRuns(
          {
            experiment_ids: request.experimentIds,
            filter: request.filter,
            order_by: request.orderBy,
            max_results: Math.min(limit, 1000),
          },
          ctx,
        ),
        limit,
      ),
    );
  }

  getRun(workspace: string, runId: string): Promise<ml.Run> {
    return this.calls.call(
      workspace,
      'experiments.getRun',
      'read',
      async (c, ctx) =>
        (await c.experiments.getRun({ run_id: runId }, ctx)).run ?? {},
    );
  }
}
