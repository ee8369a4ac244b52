import {
  BundleDeployRequest,
  interpolate,
  resolveBundle,
  ResolvedBundle,
} from '../domain/bundle';
import { MINUTE } from '../domain/clock';
import { alreadyExists, invalid } from '../domain/errors';
import { hash, Random } from '../domain/random';
import { ModelScenario, normaliseScenario } from '../domain/scenario';
import {
  deployJobs,
  entityRefsOf,
  jobIdsOf,
  recordRun,
  withNumbers,
} from './bundle/jobs';
import {
  deployPipelines,
  firstPipelineUpdate,
  landTrades,
  pipelineIdsOf,
} from './bundle/pipelines';
import { Plan, planOf } from './bundle/plan';
import { deployQualityMonitors } from './bundle/qualityMonitors';
import { runtimeOf } from './bundle/records';
import {
  registerFirstVersion,
  registerModelAndExperiment,
} from './bundle/registeredModels';
import { deployEndpoint, resolvedEndpointTags } from './bundle/serving';
import { appendDriftWindow, createDriftTables } from './driftWindows';
import { BundleDeploymentRecord, ModelRuntime, WorkspaceStore } from './store';

/**
 * `databricks bundle deploy` against the local workspace (POST /__admin/bundle/deploy), then the
 * first runs of what it deployed, on synthetic data: the ingestion lands trades, the pipeline
 * updates its datasets (with their expectations), the tournament logs a run per algorithm and
 * registers the first version (champion, as the deployment job's gate does with no champion), the
 * endpoint serves it, and the drift job writes its windows. A repeated deploy of the same bundle
 * and target updates what the first made (ids stay) and resumes effects a failed attempt left
 * undone, as the CLI's deployment state does. Each kind of resource has its module in bundle/.
 */

const DEPLOYER = 'fmlops-local@fmlops.example';
const DRIFT_WINDOWS = 6;
const FIRST_PR_AUC = 0.78;

export interface BundleDeployResponse {
  bundle: { name: string; target: string };
  attempts: number;
  deployed_at: string;
  /** the shape of `databricks bundle summary -o json`: resources with their ids and names */
  resources: BundleDeploymentRecord['resources'];
  effects: BundleDeploymentRecord['effects'];
}

export class BundleDeployService {
  constructor(private readonly store: WorkspaceStore) {}

  list(): BundleDeployResponse[] {
    return [...this.store.deployments.values()].map(responseOf);
  }

  deploy(request: BundleDeployRequest): BundleDeployResponse {
    this.store.tick();
    const bundle = resolveBundle(request, { userName: DEPLOYER });
    const key = `${bundle.name}/${bundle.target}`;
    const plan = planOf(bundle, request.files);
    const previous = this.store.deployments.get(key);
    this.refuseForeign(plan, previous);
    const now = this.store.now();
    const record: BundleDeploymentRecord = previous ?? {
      key,
      bundle: bundle.name,
      target: bundle.target,
      deployedAt: now,
      attempts: 0,
      scenario: this.scenarioOf(plan, key),
      resources: {},
      jobs: [],
      effects: {
        tradesLanded: 0,
        pipelineUpdated: false,
        endpointCreated: false,
        driftWindows: 0,
      },
    };
    record.attempts += 1;
    record.deployedAt = now;
    this.store.deployments.set(key, record);
    const runtime = this.runtimeOf(record);
    this.createResources(bundle, plan, record, runtime, request, now);
    this.runEffects(plan, record, runtime, now);
    return responseOf(record);
  }

  /** A name another deployment or a demo model holds is refused, as the real API refuses a duplicate. */
  private refuseForeign(plan: Plan, previous?: BundleDeploymentRecord) {
    const mine = previous?.scenario;
    const endpoint = this.store.endpoints.get(plan.endpoint);
    if (endpoint && mine?.endpoint !== plan.endpoint)
      throw alreadyExists(`Serving endpoint '${plan.endpoint}'`);
    const model = this.store.models.get(plan.ucModel);
    // an empty registration (the template registers the model before the first deploy) is adopted
    if (
      model &&
      mine?.ucModel !== plan.ucModel &&
      (model.versions.size > 0 || this.store.runtimes.has(plan.ucModel))
    ) {
      throw alreadyExists(`Registered model '${plan.ucModel}'`);
    }
  }

  private scenarioOf(plan: Plan, key: string): ModelScenario {
    const n = hash(key);
    return normaliseScenario(
      {
        scenario: 'bundle',
        description: plan.comment,
        seed: n,
        ucModel: plan.ucModel,
        endpoint: plan.endpoint,
        experimentId: String(4_000_000_000_000 + (n % 1_000_000_000)),
        experimentName: plan.experimentName,
        tournamentJobId: 0,
        driftJobId: 0,
        pipelineId: new Random(`${key}:pipeline`).uuid(),
        driftTable: `${plan.ucModel}_drift`,
        versions: [{ version: 1, prAuc: FIRST_PR_AUC }],
        aliases: { champion: 1 },
        serving: {
          routes: [{ version: 1, percent: 100 }],
          workloadSize: plan.workloadSize,
          scaleToZero: plan.scaleToZero,
          requestsPerSecond: 12,
        },
        drift: { windows: DRIFT_WINDOWS, windowHours: 1 },
        pipeline: { name: plan.pipelineName },
        tags: plan.modelTags,
      },
      `bundle ${key}`,
    );
  }

  private runtimeOf(record: BundleDeploymentRecord): ModelRuntime {
    return runtimeOf(this.store, record);
  }

  private createResources(
    bundle: ResolvedBundle,
    plan: Plan,
    record: BundleDeploymentRecord,
    runtime: ModelRuntime,
    request: BundleDeployRequest,
    now: number,
  ) {
    const s = record.scenario;
    registerModelAndExperiment(this.store, plan, s, now);
    const modelName = s.ucModel.split('.')[2];
    const summary: BundleDeploymentRecord['resources'] = {
      registered_models: {
        [plan.modelKey]: { id: s.ucModel, name: modelName },
      },
      experiments: {
        [plan.experimentKey]: {
          id: s.experimentId,
          name: plan.experimentName,
        },
      },
      pipelines: {},
      jobs: {},
      model_serving_endpoints: {
        [plan.endpointKey]: { id: plan.endpoint, name: plan.endpoint },
      },
      quality_monitors: {},
    };
    // ids first: job settings refer to other jobs and to the pipeline by id
    const jobIds = jobIdsOf(this.store, bundle, record);
    summary.pipelines = pipelineIdsOf(bundle, plan, record);
    const lookup = (reference: string): string | undefined => {
      const [head, kind, key, field] = reference.split('.');
      if (head !== 'resources') return undefined;
      if (kind === 'jobs' && jobIds.has(key))
        return field === 'id'
          ? String(jobIds.get(key))
          : String(bundle.resources.jobs[key]?.[field] ?? '');
      const id = summary[kind]?.[key]?.id;
      if (field === 'id' && id) return id;
      const value = bundle.resources[kind]?.[key]?.[field];
      if (value === undefined)
        throw invalid(
          `\${${reference}} refers to resources.${kind}.${key}.${field}, which the bundle does not define.`,
        );
      return String(value);
    };
    const resolved = withNumbers(interpolate(bundle.resources, lookup));

    summary.jobs = deployJobs(
      this.store,
      resolved,
      jobIds,
      record,
      runtime,
      now,
    );
    deployPipelines(
      this.store,
      resolved,
      request.files,
      plan,
      summary.pipelines,
      now,
    );
    summary.quality_monitors = deployQualityMonitors(
      this.store,
      resolved,
      s.ucModel,
    );
    record.resources = summary;
    plan.endpointTags = resolvedEndpointTags(resolved, plan.endpointKey);
    plan.modelTags['fmlops-entity-refs'] =
      entityRefsOf(resolved) ?? plan.modelTags['fmlops-entity-refs'] ?? '';
    if (!plan.modelTags['fmlops-entity-refs'])
      delete plan.modelTags['fmlops-entity-refs'];
  }

  /** The first runs of the deployed jobs; each step is skipped when an earlier attempt made it. */
  private runEffects(
    plan: Plan,
    record: BundleDeploymentRecord,
    runtime: ModelRuntime,
    now: number,
  ) {
    const s = record.scenario;
    const effects = record.effects;
    const rng = new Random(`${record.key}:effects:${record.attempts}`);
    if (effects.tradesLanded === 0) {
      effects.tradesLanded = landTrades(
        this.store,
        plan,
        s,
        now,
        DRIFT_WINDOWS,
      );
      recordRun(this.store, record, 'ingest', now - 20 * MINUTE);
    }
    if (!effects.pipelineUpdated) {
      firstPipelineUpdate(this.store, s, now, rng);
      effects.pipelineUpdated = true;
    }
    const model = this.store.models.get(s.ucModel)!;
    if (effects.tournamentVersion === undefined) {
      const at = now - 12 * MINUTE;
      const jobRunId = recordRun(this.store, record, 'tournament', at);
      effects.tournamentVersion = registerFirstVersion(
        this.store,
        runtime,
        jobRunId,
        at,
        now,
        FIRST_PR_AUC,
        rng,
      );
    }
    // select_winner keeps the registered model bound to the project's entities
    Object.assign(model.tags, plan.modelTags);
    deployEndpoint(
      this.store,
      plan,
      record,
      effects.tournamentVersion,
      DEPLOYER,
      now,
    );
    effects.endpointCreated = true;
    if (effects.driftWindows === 0) {
      createDriftTables(this.store.sql, s.driftTable);
      const windowMs = s.drift.windowHours * 60 * MINUTE;
      const first =
        Math.floor(now / windowMs) * windowMs - DRIFT_WINDOWS * windowMs;
      for (let w = 0; w < DRIFT_WINDOWS; w++)
        appendDriftWindow(this.store, runtime, first + w * windowMs);
      recordRun(this.store, record, 'drift', now - 2 * MINUTE);
      effects.driftWindows = runtime.windows;
    }
  }
}

function responseOf(record: BundleDeploymentRecord): BundleDeployResponse {
  return {
    bundle: { name: record.bundle, target: record.target },
    attempts: record.attempts,
    deployed_at: new Date(record.deployedAt).toISOString(),
    resources: record.resources,
    effects: record.effects,
  };
}
