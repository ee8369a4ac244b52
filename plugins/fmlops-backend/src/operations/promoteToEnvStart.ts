import { ConflictError, InputError } from '@backstage/errors';
import {
  environmentsBefore,
  findEnvironment,
  ModelPolicy,
  OperationRequest,
  previousEnvironment,
} from '@fmlops/backstage-plugin-fmlops-common';
import { DatabricksNotFoundError } from '@fmlops/backstage-plugin-fmlops-node';
import { championOf } from '../read/mappers';
import { ResolvedModel } from '../service/ModelCatalog';
import { DatabricksOpsPort } from './ports';
import { copiesOf } from './promoteToEnv';
import { OperationState } from './reconcile';
import { canarySteps } from './validation';

/**
 * A promote-to-env's first state, on the model in its target environment (`target`): which
 * version of which environment it copies (the request's, else the champion of the environment
 * before the target), checked against both registries, and whether it waits for approval first
 * (the target policy's `promotion.requireApproval`). Nothing is changed yet.
 */
export async function promoteToEnvState(
  port: DatabricksOpsPort,
  target: ResolvedModel,
  request: Extract<OperationRequest, { type: 'promote-to-env' }>,
  policy: ModelPolicy,
): Promise<OperationState> {
  const { environments, environment: targetEnvironment } = target;
  const names = environments.map(e => e.name).join(', ');
  const source =
    request.sourceEnvironment === undefined
      ? previousEnvironment(environments, targetEnvironment)
      : findEnvironment(environments, request.sourceEnvironment);
  if (!source) {
    throw new InputError(
      request.sourceEnvironment === undefined
        ? `${targetEnvironment} is the first environment of ${target.entityRef} (${names}): there is none to promote from; name a sourceEnvironment`
        : `${target.entityRef} has no environment ${request.sourceEnvironment} (it has ${names})`,
    );
  }
  if (source.name === targetEnvironment) {
    throw new InputError(
      `A version is promoted into ${targetEnvironment} from another environment, not from ${targetEnvironment} itself`,
    );
  }
  const { promotionJobId, ucModel } = target.coordinates;
  if (!promotionJobId) {
    throw new InputError(
      `${target.entityRef} has no promotion job in ${targetEnvironment} (annotation databricks.com/${targetEnvironment}.promotion-job-id) to copy the version with`,
    );
  }
  const sourceVersion =
    request.sourceVersion ??
    championOf(
      await port.getRegisteredModel(
        source.coordinates.workspace,
        source.coordinates.ucModel,
      ),
    );
  if (!sourceVersion) {
    throw new ConflictError(
      `${source.coordinates.ucModel} in ${source.name} has no champion to promote; name a sourceVersion`,
    );
  }
  const version = await port
    .getModelVersion(
      source.coordinates.workspace,
      source.coordinates.ucModel,
      sourceVersion,
    )
    .catch(error => {
      if (error instanceof DatabricksNotFoundError) {
        throw new InputError(
          `${source.coordinates.ucModel} in ${source.name} has no version ${sourceVersion}`,
        );
      }
      throw error;
    });
  const promotion = {
    sourceEnvironment: source.name,
    sourceModel: source.coordinates.ucModel,
    sourceVersion,
    sourceRunId: version.run_id,
    targetEnvironment,
    targetModel: ucModel,
    // the source's workspace first, then those before it, nearest first
    runWorkspaces: [
      source.coordinates.workspace,
      ...environmentsBefore(environments, source.name).map(
        e => e.coordinates.workspace,
      ),
    ],
  };
  await assertNotChampionYet(port, target, targetEnvironment, promotion);
  const requireApproval = Boolean(policy.promotion?.requireApproval);
  return {
    type: 'promote-to-env',
    status: requireApproval ? 'awaiting-approval' : 'running',
    phase: requireApproval ? 'awaiting-approval' : 'starting-job',
    before: [],
    expected: [],
    steps: canarySteps(request, policy),
    jobId: promotionJobId,
    promotion,
    lineage: {
      sourceEnvironment: source.name,
      sourceModel: promotion.sourceModel,
      sourceVersion,
      ...(version.run_id ? { runId: version.run_id } : {}),
    },
    approval: { required: requireApproval },
  };
}

/** 409 when the target's champion already is a copy of the source version: nothing to promote. */
async function assertNotChampionYet(
  port: DatabricksOpsPort,
  target: ResolvedModel,
  targetEnvironment: string,
  promotion: { sourceModel: string; sourceVersion: string },
) {
  const { workspace, ucModel } = target.coordinates;
  const [champion, versions] = await Promise.all([
    port
      .getRegisteredModel(
        target.coordinates.workspace,
        target.coordinates.ucModel,
      )
      .then(championOf),
    port.listModelVersions(workspace, ucModel),
  ]);
  const copies = copiesOf(
    versions.map(v => ({ version: String(v.version), source: v.source })),
    promotion,
  );
  if (champion && copies.includes(champion)) {
    throw new ConflictError(
      `${ucModel} v${champion}, the champion in ${targetEnvironment}, already is ${promotion.sourceModel} v${promotion.sourceVersion}: nothing to promote`,
    );
  }
}
