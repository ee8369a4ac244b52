import type { serving } from '@fmlops/backstage-plugin-fmlops-node';
import {
  assessModelHealth,
  driftStatus,
  DriftThresholds,
  EnvironmentStatus,
  HealthAssessment,
  HealthObservations,
  JobRunSummary,
  ModelOverview,
  MonitoringPolicy,
  Observed,
  PipelineHealth,
  PortfolioItem,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from '../service/ModelCatalog';

export interface PortfolioObservations {
  endpoint: { found?: serving.ServingEndpoint } | { error: string };
  drift:
    | {
        latest?: { windowStart: string; maxPsi: number; maxJsDistance: number };
      }
    | { error: string };
  pipeline?: Observed<PipelineHealth>;
  jobs?: Observed<JobRunSummary[]>;
  /** the model has a pipeline or jobs whose state has not been read yet */
  activityPending?: boolean;
}

export interface HealthContext {
  monitoring: MonitoringPolicy;
  now: Date;
  driftThresholds?: Partial<DriftThresholds>;
}

/** A model's row in the portfolio, its health judged as the model page judges it. */
export function portfolioItem(
  model: ResolvedModel,
  observed: PortfolioObservations,
  context: HealthContext,
): PortfolioItem {
  const item: PortfolioItem = {
    entityRef: model.entityRef,
    title: model.entity.metadata.title,
    owner: (model.entity.spec as { owner?: string } | undefined)?.owner,
    workspace: model.coordinates.workspace,
    ucModel: model.coordinates.ucModel,
    servingEndpoint: model.coordinates.servingEndpoint,
    health: 'unknown',
    healthReasons: [],
    servedVersions: [],
  };
  let servingObserved: HealthObservations['serving'];
  if ('error' in observed.endpoint) {
    servingObserved = {
      status: 'unavailable',
      reason: observed.endpoint.error,
    };
  } else if (!observed.endpoint.found) {
    servingObserved = { status: 'missing' };
  } else {
    const endpoint = observed.endpoint.found;
    item.endpointReady = endpoint.state?.ready ?? 'NOT_READY';
    item.configUpdate = endpoint.state?.config_update ?? 'NOT_UPDATING';
    item.servedVersions = (endpoint.config?.served_entities ?? []).map(e =>
      String(e.entity_version ?? ''),
    );
    // the list API gives neither traffic nor metrics: serving health here is readiness only
    servingObserved = {
      status: 'ok',
      data: {
        endpointName: model.coordinates.servingEndpoint,
        ready: item.endpointReady,
        configUpdate: item.configUpdate,
        servedVersions: [],
      },
    };
  }

  let driftObserved: HealthObservations['drift'];
  if ('error' in observed.drift) {
    driftObserved = { status: 'unavailable', reason: observed.drift.error };
  } else {
    const { latest } = observed.drift;
    if (latest) {
      item.latestDriftWindow = latest.windowStart;
      item.maxPsi = latest.maxPsi;
      item.driftStatus = driftStatus(
        { psi: latest.maxPsi, jsDistance: latest.maxJsDistance },
        context.driftThresholds,
      );
    }
    driftObserved = { status: 'ok', data: { latest } };
  }

  const assessment = assessModelHealth(
    {
      serving: servingObserved,
      drift: driftObserved,
      pipeline: observed.pipeline,
      jobs: observed.jobs,
    },
    context.monitoring,
    context,
  );
  const notes: string[] = [];
  if (observed.activityPending) {
    notes.push('pipeline and job runs not read yet');
  }
  if (item.configUpdate === 'IN_PROGRESS') {
    notes.push('a serving config update is in progress');
  }
  if (item.servedVersions.length > 1) {
    notes.push(
      `serving versions ${item.servedVersions.map(v => `v${v}`).join(' and ')}`,
    );
  }
  return {
    ...item,
    health: assessment.health,
    healthReasons: [...assessment.reasons.map(r => r.message), ...notes],
    ...(observed.activityPending ? { activityPending: true } : {}),
  };
}

/** The health the model page shows, from the overview's sections. */
export function overviewHealth(
  sections: Pick<ModelOverview, 'serving' | 'drift' | 'pipeline' | 'jobs'>,
  context: HealthContext,
): HealthAssessment {
  const { serving } = sections;
  const missing =
    serving.status === 'unavailable' &&
    (serving.code === 'RESOURCE_DOES_NOT_EXIST' ||
      serving.code === 'NOT_FOUND');
  return assessModelHealth(
    {
      serving: missing
        ? { status: 'missing' }
        : (serving as HealthObservations['serving']),
      drift: sections.drift,
      pipeline: sections.pipeline,
      jobs: sections.jobs,
    },
    context.monitoring,
    context,
  );
}

/** An environment's status from its portfolio row (the same health assessment). */
export function environmentStatus(
  name: string,
  item: PortfolioItem,
): EnvironmentStatus {
  return {
    name,
    workspace: item.workspace,
    ucModel: item.ucModel,
    servingEndpoint: item.servingEndpoint,
    health: item.health,
    healthReasons: item.healthReasons,
    servedVersions: item.servedVersions,
    ...(item.driftStatus ? { driftStatus: item.driftStatus } : {}),
    ...(item.maxPsi !== undefined ? { maxPsi: item.maxPsi } : {}),
  };
}
