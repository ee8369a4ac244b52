import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  fmlopsOperationPermissions,
  ModelPolicy,
  OperationRequest,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';

const NEEDS_REASON: Partial<Record<OperationRequest['type'], string>> = {
  rollback: 'A rollback',
  abort: 'An abort',
  approve: 'An approval',
  reject: 'A rejection',
};

/**
 * The permission the request needs on the model, once its type is known and it carries what its
 * type requires (a rollback, an abort, an approval or a rejection needs a reason; only a
 * promote-to-env names a source).
 */
export function permissionFor(
  request: OperationRequest,
): ResourcePermission<'catalog-entity'> {
  const permission = fmlopsOperationPermissions[request.type];
  if (!permission) {
    throw new InputError(
      `Unknown operation type ${String((request as { type?: unknown }).type)}`,
    );
  }
  const needsReason = NEEDS_REASON[request.type];
  if (needsReason && !request.reason?.trim()) {
    throw new InputError(`${needsReason} needs a reason`);
  }
  const { sourceEnvironment, sourceVersion } = request as {
    sourceEnvironment?: string;
    sourceVersion?: string;
  };
  if (
    request.type !== 'promote-to-env' &&
    (sourceEnvironment !== undefined || sourceVersion !== undefined)
  ) {
    throw new InputError(
      `sourceEnvironment and sourceVersion belong to a promote-to-env, not a ${request.type}`,
    );
  }
  return permission;
}

/** A promotion's canary steps: the request's, else the policy's; one step of 100 when direct. */
export function canarySteps(
  request: Extract<OperationRequest, { type: 'promote' | 'promote-to-env' }>,
  policy: ModelPolicy,
): number[] {
  const strategy = request.strategy ?? policy.rollout.strategy;
  const steps =
    strategy === 'direct' ? [100] : request.steps ?? policy.rollout.steps;
  if (
    steps.length === 0 ||
    steps[steps.length - 1] !== 100 ||
    !steps.every(
      (s, i) =>
        Number.isInteger(s) &&
        s > 0 &&
        s <= 100 &&
        (i === 0 || s > steps[i - 1]),
    )
  ) {
    throw new InputError(
      'Canary steps must be increasing whole percentages ending at 100, e.g. [10, 50, 100]',
    );
  }
  return steps;
}

/**
 * What is wrong with a requested split of a model's traffic, given the versions it has; without
 * them, what is wrong with the request alone (checked before Databricks is asked anything).
 */
export function splitProblems(
  routes: TrafficRoute[],
  known?: { ucModel: string; versions: Set<string> },
): string[] {
  const problems: string[] = [];
  if (!Array.isArray(routes) || routes.length === 0) {
    problems.push('routes must list at least one model version');
  }
  const total = (routes ?? []).reduce((s, r) => s + r.trafficPercentage, 0);
  if (Math.abs(total - 100) > 1e-9) {
    problems.push(`traffic percentages must sum to 100, not ${total}`);
  }
  if (
    (routes ?? []).some(
      r => !Number.isInteger(r.trafficPercentage) || r.trafficPercentage < 0,
    )
  ) {
    problems.push('traffic percentages must be whole numbers from 0 to 100');
  }
  const unknown = known
    ? (routes ?? []).filter(r => !known.versions.has(String(r.modelVersion)))
    : [];
  if (unknown.length > 0) {
    problems.push(
      `${known!.ucModel} has no version ${unknown
        .map(r => r.modelVersion)
        .join(', ')}`,
    );
  }
  if (
    new Set((routes ?? []).map(r => r.modelVersion)).size !==
    (routes ?? []).length
  ) {
    problems.push('each model version may appear once');
  }
  return problems;
}

/** Refuses a split request that is wrong whatever versions the model has (400). */
export function assertSplitShape(routes: TrafficRoute[]) {
  const problems = splitProblems(routes);
  if (problems.length > 0) {
    throw new InputError(`Invalid split: ${problems.join('; ')}`);
  }
}
