import {
  LAST_ROLLOUT_TAG,
  parseRecordedRollout,
  RecordedRollout,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from '../../service/ModelCatalog';
import { DatabricksOpsPort } from '../ports';

/**
 * The model's serving traffic as routes per model version, and the roll-out a deployment job
 * recorded on the endpoint, if any.
 */
export async function currentRoutes(
  port: DatabricksOpsPort,
  model: ResolvedModel,
): Promise<{
  routes: TrafficRoute[];
  updating: boolean;
  recordedRollout?: RecordedRollout;
}> {
  const endpoint = await port.getServingEndpoint(
    model.coordinates.workspace,
    model.coordinates.servingEndpoint,
  );
  const entities = endpoint.config?.served_entities ?? [];
  const versionOf = new Map(
    entities.map(e => [e.name ?? '', String(e.entity_version ?? '')]),
  );
  const routes = endpoint.config?.traffic_config?.routes;
  return {
    routes: routes
      ? routes.map(r => ({
          modelVersion:
            versionOf.get(r.served_entity_name ?? r.served_model_name ?? '') ??
            '',
          trafficPercentage: r.traffic_percentage,
        }))
      : entities.map(e => ({
          modelVersion: String(e.entity_version ?? ''),
          trafficPercentage: 100,
        })),
    updating: endpoint.state?.config_update === 'IN_PROGRESS',
    recordedRollout: parseRecordedRollout(
      endpoint.tags?.find(t => t.key === LAST_ROLLOUT_TAG)?.value,
    ),
  };
}
