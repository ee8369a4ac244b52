import { ConflictError } from '@backstage/errors';
import {
  ModelEvaluation,
  ModelPolicy,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from '../../service/ModelCatalog';
import { DatabricksOpsPort } from '../ports';
import { OperationState } from '../reconcile';
import { promotionStart } from '../traffic';
import { canarySteps } from '../validation';
import { currentRoutes } from './currentRoutes';

/**
 * A promotion's first state: the challenger that passed the gate takes the first canary step, or
 * all the traffic when there is no other champion to share it with.
 */
export async function promotionState(
  port: DatabricksOpsPort,
  model: ResolvedModel,
  request: Extract<OperationRequest, { type: 'promote' }>,
  evaluation: ModelEvaluation,
  policy: ModelPolicy,
): Promise<OperationState> {
  if (evaluation.decision === 'no-challenger') {
    throw new ConflictError(`${model.entityRef} has no challenger to promote`);
  }
  if (evaluation.decision === 'reject') {
    throw new ConflictError(
      `The challenger v${
        evaluation.challenger!.version
      } does not pass the promotion gate: ${evaluation.reasons.join('; ')}`,
    );
  }
  const steps = canarySteps(request, policy);
  const { routes } = await currentRoutes(port, model);
  return {
    type: 'promote',
    status: 'running',
    challengerVersion: evaluation.challenger!.version,
    ...promotionStart(
      routes,
      evaluation.champion?.version,
      evaluation.challenger!.version,
      steps,
    ),
  };
}
