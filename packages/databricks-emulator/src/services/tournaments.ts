import type { ml } from '@databricks/sdk-experimental';
import { MINUTE } from '../domain/clock';
import { round4 } from '../domain/maths';
import { Random } from '../domain/random';
import { ModelRuntime } from './store';

/**
 * What a tournament job leaves in MLflow: one run per algorithm, with its hyperparameters,
 * metrics and tags, the winner marked. Scenarios seed past tournaments the same way.
 */

const ALGORITHMS = [
  'xgboost',
  'lightgbm',
  'random_forest',
  'isolation_forest',
] as const;

/** Logs one tournament (a run per algorithm) whose winner has roughly `winnerPrAuc`; returns the winner's run id. */
export function logTournament(
  runs: ml.Run[],
  runtime: ModelRuntime,
  at: number,
  winnerPrAuc: number,
  rng: Random,
  jobRunId: string,
): string {
  const s = runtime.scenario;
  const tournamentId = `t-${s.endpoint}-${at}`;
  const scores = ALGORITHMS.map((algorithm, i) => ({
    algorithm,
    // the winner leads; isolation forest, unsupervised, trails
    prAuc:
      i === 0
        ? winnerPrAuc
        : Math.max(
            0.05,
            winnerPrAuc -
              (algorithm === 'isolation_forest'
                ? 0.22
                : 0.02 + 0.04 * rng.next()),
          ),
  }));
  const order = rng.pick([
    [0, 1, 2, 3],
    [1, 0, 2, 3],
    [2, 0, 1, 3],
  ]);
  const algorithms = order.map(i => ALGORITHMS[i]);
  let winnerRunId = '';
  scores.forEach((score, rank) => {
    const algorithm = rank === 0 ? algorithms[0] : algorithms[rank];
    const runId = rng.uuid().replace(/-/g, '');
    const prAuc = round4(score.prAuc);
    const precision = round4(Math.min(0.99, prAuc + 0.05 + 0.05 * rng.next()));
    const recall = round4(Math.max(0.05, prAuc - 0.08 + 0.05 * rng.next()));
    const f1 = round4((2 * precision * recall) / (precision + recall));
    const run: ml.Run = {
      info: {
        run_id: runId,
        run_uuid: runId,
        run_name: `${algorithm}-${new Date(at).toISOString().slice(0, 10)}`,
        experiment_id: s.experimentId,
        status: 'FINISHED',
        start_time: at + rank * 1000,
        end_time: at + rank * 1000 + 8 * MINUTE,
        lifecycle_stage: 'active',
        user_id: 'fmlops-tournament@fmlops.example',
        artifact_uri: `dbfs:/databricks/mlflow-tracking/${s.experimentId}/${runId}/artifacts`,
      },
      data: {
        params: [
          { key: 'algorithm', value: algorithm },
          ...hyperparameters(algorithm, rng),
        ],
        metrics: [
          ['pr_auc', prAuc],
          ['f1', f1],
          ['precision', precision],
          ['recall', recall],
          ['roc_auc', round4(Math.min(0.995, prAuc + 0.12))],
        ].map(([key, value]) => ({
          key: key as string,
          value: value as number,
          timestamp: at + 8 * MINUTE,
          step: 0,
        })),
        tags: [
          { key: 'fmlops.tournament_id', value: tournamentId },
          { key: 'fmlops.job_run_id', value: jobRunId },
          { key: 'fmlops.winner', value: rank === 0 ? 'true' : 'false' },
          {
            key: 'mlflow.runName',
            value: `${algorithm}-${new Date(at).toISOString().slice(0, 10)}`,
          },
        ],
      },
    };
    runs.push(run);
    if (rank === 0) winnerRunId = runId;
  });
  return winnerRunId;
}

/** Plausible hyperparameters of each algorithm, drawn from its usual search space. */
function hyperparameters(
  algorithm: string,
  rng: Random,
): Array<{ key: string; value: string }> {
  switch (algorithm) {
    case 'xgboost':
      return [
        { key: 'max_depth', value: String(rng.int(3, 8)) },
        {
          key: 'learning_rate',
          value: String(round4(0.02 + rng.next() * 0.2)),
        },
        { key: 'n_estimators', value: String(rng.int(100, 600)) },
        { key: 'scale_pos_weight', value: String(rng.int(20, 120)) },
      ];
    case 'lightgbm':
      return [
        { key: 'num_leaves', value: String(rng.int(15, 127)) },
        {
          key: 'learning_rate',
          value: String(round4(0.02 + rng.next() * 0.2)),
        },
        { key: 'n_estimators', value: String(rng.int(100, 600)) },
      ];
    case 'random_forest':
      return [
        { key: 'n_estimators', value: String(rng.int(100, 500)) },
        { key: 'max_depth', value: String(rng.int(6, 20)) },
        { key: 'class_weight', value: 'balanced' },
      ];
    default:
      return [
        { key: 'n_estimators', value: String(rng.int(100, 400)) },
        {
          key: 'contamination',
          value: String(round4(0.002 + rng.next() * 0.01)),
        },
        { key: 'trained_on', value: 'normal_only' },
      ];
  }
}
