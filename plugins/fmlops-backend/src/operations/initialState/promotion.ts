import { ConflictError } from '@backstage/errors';
import {
  ModelEvaluation,
  ModelPolicy,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from '../../service/ModelCatalog';
import { DatabricksOpsPort } from '../ports';
import { canaryRoutes, OperationState } from '../reconcile';
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
  const champion =
    evaluation.champion?.version ??
    routes.sort((a, b) => b.trafficPercentage - a.trafficPercentage)[0]
      ?.modelVersion;
  const challenger = evaluation.challenger!.version;
  if (!champion || champion === challenger) {
    return {
      type: 'promote',
      status: 'running',
      phase: 'applying',
      before: routes,
      expected: routes,
      challengerVersion: challenger,
      championVersion: champion,
      steps: [100],
      stepIndex: 0,
      target: [{ modelVersion: challenger, trafficPercentage: 100 }],
      aliases: { champion: challenger, challenger: null },
    };
  }
  return {
    type: 'promote',
    status: 'running',
    phase: 'applying',
    before: routes,
    expected: routes,
    championVersion: champion,
    challengerVersion: challenger,
    steps,
    stepIndex: 0,
    target: canaryRoutes(champion, challenger, steps[0]),
    aliases: { champion: challenger, challenger: null },
  };
}
