import { MINUTE } from '../domain/clock';
import { FeatureReference } from '../domain/drift';
import { Random } from '../domain/random';
import { ModelScenario } from '../domain/scenario';
import { appendDriftWindow, createDriftTables } from '../services/driftWindows';
import {
  createServingSystemTables,
  recordServedEntities,
} from '../services/servingSystemTables';
import { completeUpdate, UPDATE_TOTAL_MS } from '../services/pipelines';
import { servedEntity } from '../services/serving';
import { accrue } from '../services/servingTraffic';
import {
  EndpointState,
  JobState,
  ModelRuntime,
  ModelState,
  PipelineState,
  PipelineUpdateState,
  ServedEntitySettings,
  WorkspaceStore,
} from '../services/store';
import { copyModelVersion } from '../services/promotion';
import { logTournament } from '../services/tournaments';
import {
  ensureSchema,
  newModelState,
  versionInfo,
} from '../services/unityCatalog';

/**
 * Seeding: a scenario becomes a model's whole history in every service, as if it had run for
 * months: its Unity Catalog model and versions, the MLflow tournaments that made them, its jobs
 * and their past runs, drift windows, a serving endpoint with traffic, and a DLT pipeline's
 * updates. One generator, seeded by the scenario and drawn from in this order, makes every
 * start the same.
 */

const DAY = 24 * 60 * MINUTE;

export function seedScenario(store: WorkspaceStore, s: ModelScenario): void {
  store.originals.push(structuredClone(s));
  store.scenarios.push(s);
  const now = store.now();
  const rng = new Random(s.seed);
  const model = seedModel(store, s, now);
  const runtime: ModelRuntime = {
    scenario: s,
    reference: new FeatureReference(s.ucModel),
    windows: 0,
  };
  store.runtimes.set(s.ucModel, runtime);
  seedTournaments(store, model, runtime, rng, now);
  seedJobs(store, runtime, model.createdAt, now);
  seedDriftWindows(store, runtime, now);
  seedEndpoint(store, s, rng, now);
  seedPipeline(store, s, model, rng, now);
}

/** The schema, the registered model with its aliases (versions follow) and the experiment. */
function seedModel(
  store: WorkspaceStore,
  s: ModelScenario,
  now: number,
): ModelState {
  const [catalogName, schemaName] = s.ucModel.split('.');
  ensureSchema(store, catalogName, schemaName, now - 90 * DAY);
  const model: ModelState = {
    ...newModelState(store, s.ucModel, now - 90 * DAY, s.description),
    aliases: new Map(Object.entries(s.aliases).map(([k, v]) => [k, Number(v)])),
    tags: { ...s.tags },
  };
  store.models.set(s.ucModel, model);
  store.experiments.set(s.experimentId, {
    experiment_id: s.experimentId,
    name: s.experimentName,
    lifecycle_stage: 'active',
    creation_time: model.createdAt,
    last_update_time: now,
    artifact_location: `dbfs:/databricks/mlflow-tracking/${s.experimentId}`,
  });
  return model;
}

/** One tournament per registered version, a week apart, the newest a week ago; its winner is the version. */
function seedTournaments(
  store: WorkspaceStore,
  model: ModelState,
  runtime: ModelRuntime,
  rng: Random,
  now: number,
) {
  const versions = runtime.scenario.versions;
  versions.forEach((v, i) => {
    const at = now - (versions.length - i) * 7 * DAY;
    if (v.copyOf) {
      // promoted from another environment: the promotion job copied it, no tournament ran here
      try {
        copyModelVersion(
          store,
          {
            source_model: v.copyOf.model,
            source_version: String(v.copyOf.version),
            target_model: model.fullName,
            source_environment: v.copyOf.environment,
          },
          at,
        );
      } catch (e) {
        throw new Error(
          `Scenario ${runtime.scenario.scenario}: version ${
            v.version
          } copies a version that is not seeded yet (${
            (e as Error).message
          }); seed the workspace that holds it first.`,
        );
      }
      if (!model.versions.has(v.version)) {
        throw new Error(
          `Scenario ${runtime.scenario.scenario}: the copy of ${
            v.copyOf.model
          }/${v.copyOf.version} became version ${Math.max(
            ...model.versions.keys(),
          )}, not ${v.version}; list versions in order.`,
        );
      }
      return;
    }
    const winnerRunId = logTournament(
      store.runs,
      runtime,
      at,
      v.prAuc,
      rng,
      `seed-${v.version}`,
    );
    model.versions.set(
      v.version,
      versionInfo(model, v.version, winnerRunId, at, store.options.workspaceId),
    );
  });
}

/** The tournament and drift jobs, with three past daily runs each, all finished. */
function seedJobs(
  store: WorkspaceStore,
  runtime: ModelRuntime,
  createdAt: number,
  now: number,
) {
  const s = runtime.scenario;
  const tournamentJob: JobState = {
    id: s.tournamentJobId,
    name: `[${s.endpoint}] tournament`,
    role: 'tournament',
    model: runtime,
    createdAt,
    durationMs: 12 * MINUTE,
    failNext: false,
    tags: { ...s.tags },
  };
  const driftJob: JobState = {
    id: s.driftJobId,
    name: `[${s.endpoint}] drift`,
    role: 'drift',
    model: runtime,
    createdAt,
    durationMs: 3 * MINUTE,
    failNext: false,
    tags: { ...s.tags },
  };
  for (const job of [tournamentJob, driftJob]) {
    if (job.id) store.jobs.set(job.id, job);
  }
  if (s.promotionJobId) {
    const promotionJob: JobState = {
      id: s.promotionJobId,
      name: `[${s.endpoint}] promotion`,
      role: 'promotion',
      model: runtime,
      createdAt,
      durationMs: 2 * MINUTE,
      failNext: false,
      tags: { ...s.tags },
    };
    store.jobs.set(promotionJob.id, promotionJob);
    // each copied version was made by a run of this job, ending when the version was registered
    s.versions.forEach((v, i) => {
      if (!v.copyOf) return;
      const registeredAt = now - (s.versions.length - i) * 7 * DAY;
      const runId = store.nextRunId++;
      store.jobRuns.set(runId, {
        runId,
        jobId: promotionJob.id,
        createdAt: registeredAt - 30_000 - promotionJob.durationMs,
        fails: false,
        effectsApplied: true,
        resultState: 'SUCCESS',
        parameters: {
          source_model: v.copyOf.model,
          source_version: String(v.copyOf.version),
          target_model: s.ucModel,
          ...(v.copyOf.environment
            ? { source_environment: v.copyOf.environment }
            : {}),
        },
      });
    });
  }
  for (let i = 3; i >= 1; i--) {
    for (const job of [tournamentJob, driftJob]) {
      if (!job.id) continue;
      const runId = store.nextRunId++;
      store.jobRuns.set(runId, {
        runId,
        jobId: job.id,
        createdAt: now - i * DAY,
        fails: false,
        effectsApplied: true,
        resultState: 'SUCCESS',
      });
    }
  }
}

/** The drift tables, with the scenario's number of windows up to the current one. */
function seedDriftWindows(
  store: WorkspaceStore,
  runtime: ModelRuntime,
  now: number,
) {
  const s = runtime.scenario;
  createDriftTables(store.sql, s.driftTable);
  const windowMs = s.drift.windowHours * 60 * MINUTE;
  const firstStart =
    Math.floor(now / windowMs) * windowMs - s.drift.windows * windowMs;
  for (let w = 0; w < s.drift.windows; w++) {
    appendDriftWindow(store, runtime, firstStart + w * windowMs);
  }
}

/** The serving endpoint on the scenario's routes, updated three days ago, with six hours of traffic. */
function seedEndpoint(
  store: WorkspaceStore,
  s: ModelScenario,
  rng: Random,
  now: number,
) {
  const served = s.serving.routes.map(r =>
    servedEntity(
      s.ucModel,
      String(r.version),
      {
        workload_size: s.serving.workloadSize,
        scale_to_zero_enabled: s.serving.scaleToZero,
        ...(s.serving.workloadType
          ? {
              workload_type: s.serving
                .workloadType as ServedEntitySettings['workload_type'],
            }
          : {}),
        ...(s.serving.environmentVars
          ? { environment_vars: { ...s.serving.environmentVars } }
          : {}),
      },
      now - 3 * DAY,
    ),
  );
  const endpoint: EndpointState = {
    id: rng.uuid().replace(/-/g, ''),
    name: s.endpoint,
    creator: 'ml-platform@fmlops.example',
    createdAt: now - 60 * DAY,
    updatedAt: now - 3 * DAY,
    configVersion: s.versions.length,
    served,
    routes: s.serving.routes.map((r, i) => ({
      name: served[i].name,
      percent: r.percent,
    })),
    lastUpdateFailed: false,
    updatesFail: s.serving.updatesFail,
    requestsPerSecond: s.serving.requestsPerSecond,
    metrics: new Map(),
    lastAccrual: now - 6 * 60 * MINUTE,
    profiles: new Map(Object.entries(s.serving.profiles)),
    rng: new Random(`${s.seed}:serving`),
    tags: Object.entries(s.tags).map(([key, value]) => ({ key, value })),
  };
  store.endpoints.set(s.endpoint, endpoint);
  // the traffic before the workspace started shows in metrics only, not in endpoint_usage
  accrue(endpoint, now);
  if (store.options.servingSystemTables) {
    createServingSystemTables(store.sql);
    recordServedEntities(store, endpoint, endpoint.updatedAt);
  }
}

/** The DLT pipeline with four completed updates, six hours apart, and their data-quality events. */
function seedPipeline(
  store: WorkspaceStore,
  s: ModelScenario,
  model: ModelState,
  rng: Random,
  now: number,
) {
  const pipeline: PipelineState = {
    id: s.pipelineId,
    name: s.pipeline.name,
    catalog: model.catalog,
    target: model.schema,
    createdAt: model.createdAt,
    updates: [],
    events: [],
    failing: s.pipeline.failing,
  };
  store.pipelines.set(s.pipelineId, pipeline);
  for (let i = 3; i >= 0; i--) {
    const at = now - i * 6 * 60 * MINUTE - UPDATE_TOTAL_MS;
    const update: PipelineUpdateState = {
      update_id: rng.uuid(),
      creation_time: at,
      cause: 'JOB_TASK',
      full_refresh: false,
    };
    pipeline.updates.unshift(update);
    completeUpdate(pipeline, update, at + UPDATE_TOTAL_MS, rng);
  }
}
