import type { TrafficRoute } from '../model/operations';

/**
 * The serving endpoint tag where a generated project's deployment job records a change it made
 * itself (when the portal was not reachable): compact JSON such as
 * `{"version":"4","before":{"3":100},"after":{"3":90,"4":10},"at":"2026-03-01T12:00:00Z","by":"databricks-job-run:42"}`,
 * routes as model version → traffic percentage to fit the 256-character tag limit.
 *
 * @public
 */
export const LAST_ROLLOUT_TAG = 'fmlops-last-rollout';

/**
 * A roll-out a deployment job recorded on its endpoint.
 *
 * @public
 */
export interface RecordedRollout {
  version: string;
  before: TrafficRoute[];
  after: TrafficRoute[];
  at?: string;
  by?: string;
}

function routesOf(value: unknown): TrafficRoute[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const routes: TrafficRoute[] = [];
  for (const [modelVersion, percentage] of Object.entries(value)) {
    if (
      !/^[0-9]+$/.test(modelVersion) ||
      typeof percentage !== 'number' ||
      !Number.isInteger(percentage) ||
      percentage < 0 ||
      percentage > 100
    ) {
      return undefined;
    }
    routes.push({ modelVersion, trafficPercentage: percentage });
  }
  return routes;
}

/**
 * Reads the tag's value; undefined when it is absent or not such a record (a tag is anyone's to
 * write who may manage the endpoint, so a malformed one is ignored, never trusted in part).
 *
 * @public
 */
export function parseRecordedRollout(
  value: string | undefined,
): RecordedRollout | undefined {
  if (!value) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { version, before, after, at, by } = record as Record<string, unknown>;
  const beforeRoutes = routesOf(before);
  const afterRoutes = routesOf(after);
  if (typeof version !== 'string' || !beforeRoutes || !afterRoutes) {
    return undefined;
  }
  return {
    version,
    before: beforeRoutes,
    after: afterRoutes,
    at: typeof at === 'string' ? at : undefined,
    by: typeof by === 'string' ? by : undefined,
  };
}
