import { DatabricksNotFoundError } from '@fmlops/backstage-plugin-fmlops-node';
import { metricsAnywhere } from './evaluation';
import { championOf } from '../read/mappers';
import { DatabricksOpsPort } from './ports';
import { ObservedPromotion, ObservedVersion } from './promoteToEnv';
import { Observation, OperationState } from './reconcile';

/** The newest versions without a `models:/` source whose tags are read to tell a copy. */
const TAGGED_VERSIONS_READ = 10;

/**
 * What the controller sees for a promote-to-env, in the target's workspace (`workspace`,
 * `ucModel`): the target's versions while the copy is made and found, the promotion job's run
 * while it runs, the gate's metrics with the endpoint while it is gated, and then the endpoint
 * alone (`serving`) while it rolls out.
 */
export async function observePromotionToEnv(
  port: DatabricksOpsPort,
  state: OperationState,
  target: { workspace: string; ucModel: string },
  now: Date,
  serving: () => Promise<Observation>,
): Promise<Observation> {
  switch (state.phase) {
    case 'starting-job':
    case 'registering':
      return {
        now,
        promotion: { targetVersions: await targetVersions(port, target) },
      };
    case 'waiting-for-job': {
      if (!state.jobRunId) {
        return { now };
      }
      const run = await port.getJobRun(target.workspace, state.jobRunId);
      return {
        now,
        jobRun: {
          runId: String(run.run_id ?? state.jobRunId),
          lifeCycleState: run.state?.life_cycle_state ?? 'PENDING',
          resultState: run.state?.result_state,
          stateMessage: run.state?.state_message,
        },
      };
    }
    case 'gating': {
      const [observed, gate] = await Promise.all([
        serving(),
        gateInputs(port, state, target),
      ]);
      return { ...observed, promotion: { gate } };
    }
    default:
      // the roll-out: the endpoint, as for any promotion
      return serving();
  }
}

/**
 * The target model's versions, with the tags of those whose `source` does not say where they came
 * from (a copy's `source` is `models:/<source model>/<version>`; the lineage tags are the fallback).
 */
async function targetVersions(
  port: DatabricksOpsPort,
  { workspace, ucModel }: { workspace: string; ucModel: string },
): Promise<ObservedVersion[]> {
  const versions = (await port.listModelVersions(workspace, ucModel)).map(
    v => ({
      version: String(v.version),
      source: v.source,
      runId: v.run_id,
      status: v.status,
    }),
  );
  const untold = versions
    .filter(v => !v.source?.startsWith('models:/'))
    .sort((a, b) => Number(b.version) - Number(a.version))
    .slice(0, TAGGED_VERSIONS_READ);
  const tags = await Promise.all(
    untold.map(v =>
      port
        .getModelVersionTags(workspace, ucModel, v.version)
        // a version without readable tags is one whose lineage is unknown, not a failed tick
        .catch(error => {
          if (error instanceof DatabricksNotFoundError) return undefined;
          throw error;
        }),
    ),
  );
  const byVersion = new Map(untold.map((v, i) => [v.version, tags[i]]));
  return versions.map(v =>
    byVersion.get(v.version) ? { ...v, tags: byVersion.get(v.version) } : v,
  );
}

/**
 * The gate's inputs: the metrics of the run that trained the source version, and those of the
 * target champion's run. A copied version keeps its source's run id, and the run stays in the
 * tracking server of the workspace it trained in: the source environment's, or one before it.
 */
async function gateInputs(
  port: DatabricksOpsPort,
  state: OperationState,
  target: { workspace: string; ucModel: string },
): Promise<NonNullable<ObservedPromotion['gate']>> {
  const p = state.promotion!;
  const [registered, versions] = await Promise.all([
    port.getRegisteredModel(target.workspace, target.ucModel),
    port.listModelVersions(target.workspace, target.ucModel),
  ]);
  const championVersion = championOf(registered);
  const championRun =
    championVersion === undefined
      ? undefined
      : versions.find(v => String(v.version) === String(championVersion))
          ?.run_id;
  const [challenger, champion] = await Promise.all([
    p.sourceRunId
      ? metricsAnywhere(port, p.runWorkspaces, p.sourceRunId)
      : Promise.resolve({}),
    championRun
      ? metricsAnywhere(
          port,
          [target.workspace, ...p.runWorkspaces],
          championRun,
        )
      : Promise.resolve({}),
  ]);
  return {
    challenger,
    ...(championVersion !== undefined
      ? { champion: { version: String(championVersion), metrics: champion } }
      : {}),
  };
}
