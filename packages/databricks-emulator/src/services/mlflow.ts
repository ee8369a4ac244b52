import type { ml } from '@databricks/sdk-experimental';
import { invalid, notFound } from '../domain/errors';
import { matches, parseFilter, sortRuns } from '../domain/mlflowSearch';
import { WorkspaceStore } from './store';

/**
 * MLflow tracking: experiments and the runs tournaments logged (read-only; runs come from
 * scenarios and tournament jobs), with MLflow's search filter and order.
 */
export class MlflowService {
  constructor(private readonly store: WorkspaceStore) {}

  getExperiment(id: string): ml.Experiment {
    const e = this.store.experiments.get(id);
    if (!e) throw notFound(`Experiment with id '${id}'`);
    return e;
  }

  getExperimentByName(name: string): ml.Experiment {
    const e = [...this.store.experiments.values()].find(x => x.name === name);
    if (!e) throw notFound(`Experiment with name '${name}'`);
    return e;
  }

  getRun(runId: string): ml.Run {
    const run = this.store.runs.find(r => r.info?.run_id === runId);
    if (!run) throw notFound(`Run with id '${runId}'`);
    return run;
  }

  searchRuns(body: ml.SearchRuns): ml.SearchRunsResponse {
    const ids = body.experiment_ids ?? [];
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      !ids.every(id => typeof id === 'string')
    )
      throw invalid('experiment_ids must name at least one experiment.');
    if (body.filter !== undefined && typeof body.filter !== 'string')
      throw invalid('filter must be a string.');
    if (
      body.order_by !== undefined &&
      !(
        Array.isArray(body.order_by) &&
        body.order_by.every(o => typeof o === 'string')
      )
    )
      throw invalid('order_by must be a list of strings.');
    const maxResults = body.max_results ?? 1000;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50000) {
      throw invalid(
        `max_results must be between 1 and 50000, got ${maxResults}.`,
      );
    }
    const clauses = parseFilter(body.filter);
    const offset = body.page_token
      ? Number(Buffer.from(String(body.page_token), 'base64').toString('utf8'))
      : 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw invalid('Invalid page_token.');
    const found = sortRuns(
      this.store.runs.filter(
        r => ids.includes(r.info?.experiment_id ?? '') && matches(r, clauses),
      ),
      body.order_by,
    );
    const page = found.slice(offset, offset + maxResults);
    const next =
      offset + maxResults < found.length
        ? Buffer.from(String(offset + maxResults)).toString('base64')
        : undefined;
    return { runs: page, ...(next ? { next_page_token: next } : {}) };
  }
}
