import {
  environmentsBefore,
  evaluateGate,
  Metrics,
  ModelEvaluation,
  ModelPolicy,
  TOURNAMENT_METRICS,
  TournamentMetric,
} from '@fmlops/backstage-plugin-fmlops-common';
import { DatabricksNotFoundError } from '@fmlops/backstage-plugin-fmlops-node';
import { ResolvedModel } from '../service/ModelCatalog';
import { DatabricksOpsPort } from './ports';

/**
 * The model's challenger against its champion under the policy's promotion gate, from the
 * versions the registry's aliases point at and the metrics their runs logged. A version copied in
 * from an earlier environment keeps the run it trained in, whose metrics live in that environment's
 * workspace: runs are looked for here first, then in the environments before this one.
 */
export async function evaluateModel(
  port: DatabricksOpsPort,
  model: ResolvedModel,
  policy: ModelPolicy,
): Promise<ModelEvaluation> {
  const { workspace, ucModel } = model.coordinates;
  const [registered, versions] = await Promise.all([
    port.getRegisteredModel(workspace, ucModel),
    port.listModelVersions(workspace, ucModel),
  ]);
  const runWorkspaces = [
    workspace,
    ...environmentsBefore(model.environments, model.environment).map(
      e => e.coordinates.workspace,
    ),
  ];
  const aliasVersion = (alias: string) =>
    registered.aliases?.find(a => a.alias_name === alias)?.version_num;
  const side = async (alias: string) => {
    const version = aliasVersion(alias);
    if (version === undefined) {
      return undefined;
    }
    const runId = versions.find(
      v => String(v.version) === String(version),
    )?.run_id;
    return {
      version: String(version),
      runId,
      metrics: runId ? await metricsAnywhere(port, runWorkspaces, runId) : {},
    };
  };
  const [champion, challenger] = await Promise.all([
    side('champion'),
    side('challenger'),
  ]);
  if (!challenger) {
    return {
      entityRef: model.entityRef,
      policy,
      champion,
      checks: [],
      decision: 'no-challenger',
      reasons: [
        'no model version carries the challenger alias: run the tournament to get one',
      ],
    };
  }
  const gate = evaluateGate(
    policy.gates,
    challenger.metrics,
    champion?.metrics,
  );
  return {
    entityRef: model.entityRef,
    policy,
    champion,
    challenger,
    checks: gate.checks,
    decision: gate.decision,
    reasons: gate.reasons,
  };
}

/** The tournament metrics a run logged. */
async function runMetrics(
  port: DatabricksOpsPort,
  workspace: string,
  runId: string,
): Promise<Metrics> {
  const run = await port.getRun(workspace, runId);
  const metrics: Metrics = {};
  for (const m of run.data?.metrics ?? []) {
    if (
      TOURNAMENT_METRICS.includes(m.key as TournamentMetric) &&
      typeof m.value === 'number'
    ) {
      metrics[m.key as TournamentMetric] = m.value;
    }
  }
  return metrics;
}

/** The run's metrics from the first workspace that has it; none when no workspace does. */
export async function metricsAnywhere(
  port: DatabricksOpsPort,
  workspaces: string[],
  runId: string,
): Promise<Metrics> {
  for (const workspace of [...new Set(workspaces)]) {
    try {
      return await runMetrics(port, workspace, runId);
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
    }
  }
  return {};
}
