import type { ml } from '@databricks/sdk-experimental';
import { SOURCES } from './sources';
import { ParityCase } from './types';

/** MLflow tracking: experiments by id, name or search, and the tournament run search. */

/** The first `cap` items of a paged SDK listing. */
async function first<T>(items: AsyncIterable<T>, cap: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= cap) break;
  }
  return out;
}

export const mlflowCases: ParityCase[] = [
  {
    id: 'mlflow.experiments.get',
    calls: ['experiments.getExperiment'],
    behaviour:
      'GET /api/2.0/mlflow/experiments/get answers { experiment: { experiment_id, name, lifecycle_stage, ... } }.',
    sources: [SOURCES.restExperiments, SOURCES.sdkMlModel],
    needs: ['experimentId'],
    run: t =>
      t.client.experiments.getExperiment({
        experiment_id: t.names.experimentId!,
      }),
    expect: {
      shape: {
        'experiment.experiment_id': 'string',
        'experiment.name': 'string',
        'experiment.lifecycle_stage': ['active', 'deleted'],
        'experiment.tags[].key?': 'string',
      },
    },
  },
  {
    id: 'mlflow.experiments.get-by-name.unknown',
    calls: ['experiments.getByName'],
    behaviour:
      'An experiment name that does not exist is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restExperiments, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      t.client.experiments.getByName({
        experiment_name: `/Shared/${t.scratch}-no-such-experiment`,
      }),
    expect: { error: { status: 404, errorCode: ['RESOURCE_DOES_NOT_EXIST'] } },
  },
  {
    id: 'mlflow.experiments.search',
    calls: ['experiments.searchExperiments'],
    behaviour:
      'POST /api/2.0/mlflow/experiments/search { filter, max_results, order_by, page_token } answers { experiments, next_page_token? }.',
    sources: [SOURCES.restSearchExperiments, SOURCES.sdkMlModel],
    needs: [],
    run: async t => ({
      experiments: await first(
        t.client.experiments.searchExperiments({ max_results: 10 }),
        10,
      ),
    }),
    expect: {
      shape: {
        'experiments[].experiment_id': 'string',
        'experiments[].name': 'string',
        'experiments[].lifecycle_stage?': ['active', 'deleted'],
      },
    },
  },
  {
    id: 'mlflow.experiments.search.by-name',
    calls: ['experiments.searchExperiments'],
    behaviour: "A filter `name = '<name>'` finds exactly that experiment.",
    sources: [SOURCES.restSearchExperiments],
    needs: ['experimentId'],
    run: async t => {
      const { experiment } = await t.client.experiments.getExperiment({
        experiment_id: t.names.experimentId!,
      });
      const found = await first(
        t.client.experiments.searchExperiments({
          filter: `name = '${experiment!.name}'`,
          max_results: 10,
        }),
        10,
      );
      return {
        found:
          found.map(e => e.experiment_id).join(',') === t.names.experimentId
            ? 'exactly it'
            : `got ${found.map(e => e.experiment_id)}`,
      };
    },
    expect: { shape: { found: ['exactly it'] } },
  },
  {
    id: 'mlflow.experiments.search.bad-filter',
    calls: ['experiments.searchExperiments'],
    behaviour:
      'An experiment filter MLflow cannot parse is 400 INVALID_PARAMETER_VALUE.',
    sources: [SOURCES.restSearchExperiments, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      first(
        t.client.experiments.searchExperiments({ filter: 'name === nonsense' }),
        1,
      ),
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE', 'BAD_REQUEST'],
      },
    },
  },
  {
    id: 'mlflow.runs.search',
    calls: ['experiments.searchRuns'],
    behaviour:
      'POST /api/2.0/mlflow/runs/search answers runs with info (run_id, status, start_time) and data (metrics, params, tags as key/value lists).',
    sources: [SOURCES.restSearchRuns, SOURCES.sdkMlModel],
    needs: ['experimentId'],
    run: async t => ({
      runs: await first<ml.Run>(
        t.client.experiments.searchRuns({
          experiment_ids: [t.names.experimentId!],
          order_by: ['attributes.start_time DESC'],
          max_results: 20,
        }),
        20,
      ),
    }),
    expect: {
      shape: {
        'runs[].info.run_id': 'string',
        'runs[].info.experiment_id': 'string',
        'runs[].info.status': [
          'RUNNING',
          'SCHEDULED',
          'FINISHED',
          'FAILED',
          'KILLED',
        ],
        'runs[].info.start_time?': 'number',
        'runs[].data.metrics[].key?': 'string',
        'runs[].data.metrics[].value?': 'number',
        'runs[].data.tags[].key?': 'string',
      },
    },
  },
  {
    id: 'mlflow.runs.search.bad-filter',
    calls: ['experiments.searchRuns'],
    behaviour: 'A filter MLflow cannot parse is 400 INVALID_PARAMETER_VALUE.',
    sources: [SOURCES.restSearchRuns, SOURCES.pySdkPlatformErrors],
    needs: ['experimentId'],
    run: t =>
      first(
        t.client.experiments.searchRuns({
          experiment_ids: [t.names.experimentId!],
          filter: 'metrics.pr_auc >>> nonsense',
        }),
        1,
      ),
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE', 'BAD_REQUEST'],
      },
    },
  },
  {
    id: 'mlflow.runs.get.unknown',
    calls: ['experiments.getRun'],
    behaviour: 'A run id that does not exist is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restExperiments, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      t.client.experiments.getRun({
        run_id: '0123456789abcdef0123456789abcdef',
      }),
    expect: { error: { status: 404, errorCode: ['RESOURCE_DOES_NOT_EXIST'] } },
  },
];
