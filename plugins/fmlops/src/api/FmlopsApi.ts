import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEvent,
  DriftComparison,
  EnvironmentStatus,
  ModelEvaluation,
  ModelOverview,
  Operation,
  OperationRequest,
  Portfolio,
  PortfolioQuery,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * A catalog entity's coordinates, as the backend's model routes take them.
 *
 * @public
 */
export interface ModelRef {
  kind: string;
  namespace: string;
  name: string;
  /** the model's environment (dev, acc, prd); the entity's default when absent */
  env?: string;
}

/**
 * The fmlops backend, as the frontend sees it. Every method rejects with a
 * `ResponseError` (from `@backstage/errors`) when the backend answers with an error.
 *
 * @public
 */
export interface FmlopsApi {
  /**
   * One page of the models the caller may read, worst health first, after the filters (an empty
   * criterion matches everything); every matching model when no `limit` is given.
   */
  getPortfolio(query?: PortfolioQuery): Promise<Portfolio>;
  getOverview(model: ModelRef): Promise<ModelOverview>;
  compareDrift(
    model: ModelRef,
    window: { from: string; to: string },
  ): Promise<DriftComparison>;
  getEvaluation(model: ModelRef): Promise<ModelEvaluation>;
  submitOperation(
    model: ModelRef,
    request: OperationRequest,
  ): Promise<Operation>;
  listOperations(
    model: ModelRef,
    options?: { active?: boolean },
  ): Promise<{ items: Operation[] }>;
  getOperation(model: ModelRef, operationId: string): Promise<Operation>;
  getHistory(model: ModelRef): Promise<{ items: AuditEvent[] }>;
  getEnvironments(model: ModelRef): Promise<{ items: EnvironmentStatus[] }>;
}

/**
 * The fmlops backend client.
 *
 * @public
 */
export const fmlopsApiRef = createApiRef<FmlopsApi>({
  id: 'plugin.fmlops.api',
});
