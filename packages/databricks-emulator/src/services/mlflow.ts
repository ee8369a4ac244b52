import type { ml } from '@databricks/sdk-experimental';
import { invalid, notFound } from '../domain/errors';
import { matches, parseFilter, sortRuns } from '../domain/mlflowSearch';
import { pageOf } from './paging';
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

  /**
   * POST experiments/search: MLflow's experiment filter (`name` or `tags.<key>` compared with
   * `=`, `!=`, `LIKE` or `ILIKE`, joined by AND), ordered by name, id or time, paged.
   */
  searchExperiments(body: ml.SearchExperiments): ml.SearchExperimentsResponse {
    if (body.filter !== undefined && typeof body.filter !== 'string')
      throw invalid('filter must be a string.');
    const clauses = experimentFilter(body.filter ?? '');
    const viewType = body.view_type ?? 'ACTIVE_ONLY';
    const found = [...this.store.experiments.values()].filter(
      e =>
        (viewType === 'ALL' ||
          (viewType === 'DELETED_ONLY') ===
            (e.lifecycle_stage === 'deleted')) &&
        clauses.every(c => c(e)),
    );
    const order = body.order_by?.[0] ?? 'last_update_time DESC';
    const [field, direction] = order.trim().split(/\s+/);
    const key = (e: ml.Experiment): string | number => {
      switch (field.replace(/^attributes\./, '')) {
        case 'name':
          return e.name ?? '';
        case 'experiment_id':
          return Number(e.experiment_id);
        case 'creation_time':
          return e.creation_time ?? 0;
        case 'last_update_time':
          return e.last_update_time ?? 0;
        default:
          throw invalid(`Invalid order_by clause '${order}'.`);
      }
    };
    const sign = /^desc$/i.test(direction ?? '') ? -1 : 1;
    found.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === y) return Number(a.experiment_id) - Number(b.experiment_id);
      return (x < y ? -1 : 1) * sign;
    });
    const { page, nextToken } = pageOf(
      found,
      body.max_results ?? 1000,
      body.page_token,
      50000,
    );
    return {
      experiments: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }
}

type ExperimentClause = (e: ml.Experiment) => boolean;

const EXPERIMENT_CLAUSE =
  /^\s*(?:attributes\.)?(name|tags\.(?:`[^`]+`|[\w.-]+))\s*(=|!=|LIKE|ILIKE)\s*'((?:[^']|'')*)'\s*$/i;

/** MLflow's experiment search filter as predicates; anything else is a 400. */
function experimentFilter(filter: string): ExperimentClause[] {
  if (!filter.trim()) return [];
  return filter.split(/\s+AND\s+/i).map(part => {
    const m = EXPERIMENT_CLAUSE.exec(part);
    if (!m) {
      throw invalid(
        `Invalid filter '${filter}': cannot parse '${part.trim()}'.`,
      );
    }
    const [, subject, op, raw] = m;
    const wanted = raw.replace(/''/g, "'");
    const valueOf = (e: ml.Experiment) =>
      subject.toLowerCase() === 'name'
        ? e.name
        : e.tags?.find(t => t.key === subject.slice(5).replace(/^`|`$/g, ''))
            ?.value;
    const like = (v: string, insensitive: boolean) =>
      new RegExp(
        `^${wanted
          .split('%')
          .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '.'))
          .join('.*')}$`,
        insensitive ? 'is' : 's',
      ).test(v);
    return e => {
      const v = valueOf(e);
      if (v === undefined) return false;
      switch (op.toUpperCase()) {
        case '=':
          return v === wanted;
        case '!=':
          return v !== wanted;
        case 'LIKE':
          return like(v, false);
        default:
          return like(v, true);
      }
    };
  });
}
