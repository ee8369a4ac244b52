import type { serving } from '@fmlops/backstage-plugin-fmlops-node';
import {
  driftStatus,
  DriftThresholds,
  ModelHealth,
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
}

const rank: Record<ModelHealth, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/** A model's health in the portfolio, with the reasons a person reads in the table. */
export function portfolioHealth(
  model: ResolvedModel,
  observed: PortfolioObservations,
  thresholds?: Partial<DriftThresholds>,
): PortfolioItem {
  const reasons: string[] = [];
  let health: ModelHealth = 'healthy';
  const worsen = (to: ModelHealth, reason: string) => {
    reasons.push(reason);
    if (rank[to] > rank[health]) {
      health = to;
    }
  };
  const item: PortfolioItem = {
    entityRef: model.entityRef,
    title: model.entity.metadata.title,
    owner: (model.entity.spec as { owner?: string } | undefined)?.owner,
    workspace: model.coordinates.workspace,
    ucModel: model.coordinates.ucModel,
    servingEndpoint: model.coordinates.servingEndpoint,
    health,
    healthReasons: reasons,
    servedVersions: [],
  };

  if ('error' in observed.endpoint) {
    worsen(
      'unknown',
      `serving endpoints could not be read: ${observed.endpoint.error}`,
    );
  } else if (!observed.endpoint.found) {
    worsen(
      'critical',
      `serving endpoint ${model.coordinates.servingEndpoint} does not exist`,
    );
  } else {
    const endpoint = observed.endpoint.found;
    item.endpointReady = endpoint.state?.ready ?? 'NOT_READY';
    item.configUpdate = endpoint.state?.config_update ?? 'NOT_UPDATING';
    item.servedVersions = (endpoint.config?.served_entities ?? []).map(e =>
      String(e.entity_version ?? ''),
    );
    if (item.endpointReady !== 'READY') {
      worsen('critical', 'serving endpoint is not ready');
    }
    if (item.configUpdate === 'UPDATE_FAILED') {
      worsen('critical', 'the last serving config update failed');
    } else if (item.configUpdate === 'IN_PROGRESS') {
      reasons.push('a serving config update is in progress');
    }
    if (item.servedVersions.length > 1) {
      reasons.push(
        `serving versions ${item.servedVersions
          .map(v => `v${v}`)
          .join(' and ')}`,
      );
    }
  }

  if ('error' in observed.drift) {
    worsen('unknown', `drift could not be read: ${observed.drift.error}`);
  } else if (observed.drift.latest) {
    const { latest } = observed.drift;
    item.latestDriftWindow = latest.windowStart;
    item.maxPsi = latest.maxPsi;
    item.driftStatus = driftStatus(
      { psi: latest.maxPsi, jsDistance: latest.maxJsDistance },
      thresholds,
    );
    if (item.driftStatus === 'drift') {
      worsen('warning', `input drift: PSI up to ${latest.maxPsi.toFixed(3)}`);
    } else if (item.driftStatus === 'warning') {
      worsen(
        'warning',
        `moderate input shift: PSI up to ${latest.maxPsi.toFixed(3)}`,
      );
    }
  }
  return { ...item, health };
}
