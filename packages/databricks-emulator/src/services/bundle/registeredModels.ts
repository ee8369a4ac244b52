import type { ml } from '@databricks/sdk-experimental';
import { MINUTE } from '../../domain/clock';
import { Random } from '../../domain/random';
import { ModelScenario } from '../../domain/scenario';
import { ModelRuntime, WorkspaceStore } from '../store';
import { logTournament } from '../tournaments';
import {
  ensureSchema,
  newModelState,
  nextVersion,
  versionInfo,
} from '../unityCatalog';
import { Plan } from './plan';

/** The bundle's Unity Catalog model and MLflow experiment, and the first version its tournament registers. */

/** Registers the model (adopting one registered without versions) and the experiment. */
export function registerModelAndExperiment(
  store: WorkspaceStore,
  plan: Plan,
  s: ModelScenario,
  now: number,
) {
  const [catalogName, schemaName] = s.ucModel.split('.');
  ensureSchema(store, catalogName, schemaName, now);
  const existing = store.models.get(s.ucModel);
  // a repeat deploy keeps what the model gathered since (versions, aliases, a copy's tags and profile)
  store.models.set(s.ucModel, {
    ...newModelState(store, s.ucModel, now),
    ...existing,
    comment: plan.comment,
  });
  const experiment = store.experiments.get(s.experimentId);
  store.experiments.set(s.experimentId, {
    experiment_id: s.experimentId,
    name: plan.experimentName,
    lifecycle_stage: 'active',
    creation_time: experiment?.creation_time ?? now,
    last_update_time: now,
    artifact_location: `dbfs:/databricks/mlflow-tracking/${s.experimentId}`,
    tags: plan.experimentTags,
  } as ml.Experiment);
}

/**
 * The tournament's first run: a run per algorithm, its winner the next version, `challenger` as
 * select_winner makes it and `champion` as the deployment job's gate does with no champion.
 */
export function registerFirstVersion(
  store: WorkspaceStore,
  runtime: ModelRuntime,
  jobRunId: number | undefined,
  at: number,
  now: number,
  prAuc: number,
  rng: Random,
): number {
  const s = runtime.scenario;
  const model = store.models.get(s.ucModel)!;
  const winner = logTournament(
    store.runs,
    runtime,
    at,
    prAuc,
    rng,
    String(jobRunId ?? 'deploy'),
  );
  const version = nextVersion(model);
  model.versions.set(
    version,
    versionInfo(
      model,
      version,
      winner,
      now - 4 * MINUTE,
      store.options.workspaceId,
    ),
  );
  // select_winner: challenger; the deployment job's gate with no champion promotes it
  model.aliases.set('challenger', version);
  model.aliases.set('champion', version);
  s.versions = [{ version, prAuc }];
  s.aliases = { champion: version };
  s.serving.routes = [{ version, percent: 100 }];
  s.serving.profiles = {
    [String(version)]: { p50Ms: 18, p99Ms: 65, errorRate: 0.001 },
  };
  return version;
}
