import { MINUTE } from '../../domain/clock';
import { Random } from '../../domain/random';
import { ResolvedBundle } from '../../domain/bundle';
import { servedEntity } from '../serving';
import { accrue } from '../servingTraffic';
import { BundleDeploymentRecord, WorkspaceStore } from '../store';
import { Plan } from './plan';

/** The bundle's serving endpoint: its tags, and the endpoint serving the first version. */

/** The endpoint's tags with references resolved. */
export function resolvedEndpointTags(
  resolved: ResolvedBundle['resources'],
  key: string,
): Array<{ key: string; value?: string }> {
  const tags = resolved.model_serving_endpoints?.[key]?.tags;
  return Array.isArray(tags)
    ? tags
        .filter(t => t && typeof t === 'object' && typeof t.key === 'string')
        .map(t => ({
          key: t.key,
          value: t.value === undefined ? undefined : String(t.value),
        }))
    : [];
}

/** Creates the endpoint serving `version` as the bundle's served entities and routes say; a redeploy sets its tags. */
export function deployEndpoint(
  store: WorkspaceStore,
  plan: Plan,
  record: BundleDeploymentRecord,
  version: number | undefined,
  creator: string,
  now: number,
) {
  const s = record.scenario;
  const endpoint = store.endpoints.get(s.endpoint);
  if (endpoint) {
    endpoint.tags = plan.endpointTags;
    return;
  }
  const served = plan.servedEntities.map(e => ({
    ...servedEntity(s.ucModel, String(version), e.settings, now - 3 * MINUTE),
    ...(e.name ? { name: e.name } : {}),
  }));
  const created = {
    id: new Random(`${record.key}:endpoint`).uuid().replace(/-/g, ''),
    name: s.endpoint,
    creator,
    createdAt: now - 3 * MINUTE,
    updatedAt: now - 3 * MINUTE,
    configVersion: 1,
    served,
    routes:
      plan.routes.length > 0
        ? plan.routes
        : [{ name: served[0].name, percent: 100 }],
    lastUpdateFailed: false,
    updatesFail: false,
    requestsPerSecond: s.serving.requestsPerSecond,
    metrics: new Map(),
    lastAccrual: now - 3 * MINUTE,
    profiles: new Map(Object.entries(s.serving.profiles)),
    rng: new Random(`${s.seed}:serving`),
    tags: plan.endpointTags,
  };
  store.endpoints.set(s.endpoint, created);
  accrue(created, now);
}
