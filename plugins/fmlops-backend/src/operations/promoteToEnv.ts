import {
  ApprovalRecord,
  evaluateGate,
  Metrics,
  ModelPolicy,
  sameModel,
  versionLineage,
} from '@fmlops/backstage-plugin-fmlops-common';
import type {
  Decision,
  Observation,
  ObservedJobRun,
  OperationState,
} from './reconcile';
import { jobRunOutcome } from './jobRun';
import { describeRoutes, promotionStart } from './traffic';

/**
 * promote-to-env: a version of the model in one environment (dev) becomes the champion of another
 * (acc, prd). The target environment's promotion job copies the version (MLflow
 * `copy_model_version`, which needs artifact credentials the portal never holds); then the copy
 * becomes the target's challenger, passes the target policy's gate on the source run's metrics,
 * and rolls out with the target policy's strategy. Pure, like `./reconcile`: the controller
 * observes, this decides. Crash safety rests on two things: run-now carries the operation's
 * idempotency token, so a start repeated after a crash starts no second run; and a copy is found
 * by what names its source (its `source` URI or its lineage tags), so a version copied before is
 * taken instead of copying it twice.
 */

/** Where a promote-to-env takes its version from and where it puts it. */
export interface PromotionToEnv {
  sourceEnvironment: string;
  /** catalog.schema.model in the source environment */
  sourceModel: string;
  sourceVersion: string;
  /** the MLflow run that trained the source version (a copy keeps it) */
  sourceRunId?: string;
  targetEnvironment: string;
  /** catalog.schema.model in the target environment */
  targetModel: string;
  /**
   * where to read the source run: the source environment's workspace, then those of the
   * environments before it (a version copied on from acc trained in dev)
   */
  runWorkspaces: string[];
}

/** A version of the target model as the controller sees it: enough to tell a copy. */
export interface ObservedVersion {
  version: string;
  /** e.g. `models:/fmlops_dev.payments.payments_fraud_scorer/2` for a copied version */
  source?: string;
  runId?: string;
  /** Unity Catalog's registration status: only a READY version can be served */
  status?: string;
  /** its MLflow tags, when they were read */
  tags?: Record<string, string>;
}

/** What the controller sees for a promote-to-env before its roll-out. */
export interface ObservedPromotion {
  /** the target model's versions; undefined when they were not read this tick */
  targetVersions?: ObservedVersion[];
  /** the gate's inputs: the source run's metrics and the target champion's */
  gate?: {
    challenger: Metrics;
    champion?: { version: string; metrics: Metrics };
  };
}

/** The phases of a promote-to-env before its roll-out, in order. */
export const PROMOTION_PHASES = [
  'awaiting-approval',
  'starting-job',
  'waiting-for-job',
  'registering',
  'gating',
] as const;

/** The target's versions copied from the promotion's source version, newest first. */
export function copiesOf(
  versions: ObservedVersion[],
  promotion: Pick<PromotionToEnv, 'sourceModel' | 'sourceVersion'>,
): string[] {
  return versions
    .filter(v => {
      const lineage = versionLineage(v);
      return (
        lineage &&
        sameModel(lineage.sourceModel, promotion.sourceModel) &&
        lineage.sourceVersion === promotion.sourceVersion
      );
    })
    .map(v => v.version)
    .sort((a, b) => Number(b) - Number(a));
}

const versionIn = (env: string, model: string, version: string) =>
  `${env} ${model} v${version}`;

/** The next step of a promote-to-env in one of `PROMOTION_PHASES` (its roll-out is `./reconcile`'s). */
export function decidePromotionToEnv(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
): Decision {
  const p = state.promotion!;
  const source = versionIn(p.sourceEnvironment, p.sourceModel, p.sourceVersion);
  switch (state.phase) {
    case 'awaiting-approval':
      return { next: state, message: 'waiting for approval' };
    case 'starting-job': {
      const versions = observed.promotion?.targetVersions;
      if (!versions) {
        return { next: state, message: `waiting for ${p.targetModel}` };
      }
      if (copiesOf(versions, p).length > 0) {
        // copied before (an earlier promotion, or this one before a crash): take that copy
        return {
          next: { ...state, phase: 'registering' },
          message: `${source} is already copied into ${p.targetModel}: no job run needed`,
        };
      }
      return {
        command: {
          kind: 'run-job',
          jobId: state.jobId!,
          idempotencyToken: state.jobIdempotencyToken!,
          parameters: {
            source_model: p.sourceModel,
            source_version: p.sourceVersion,
            target_model: p.targetModel,
            source_environment: p.sourceEnvironment,
          },
        },
        next: { ...state, phase: 'waiting-for-job' },
        message: `promotion job ${state.jobId} started: copying ${source} into ${p.targetModel}`,
      };
    }
    case 'waiting-for-job':
      return decidePromotionJob(state, observed.jobRun);
    case 'registering':
      return decideRegistering(state, observed, source);
    case 'gating':
      return decideGate(state, observed, policy);
    default:
      return { next: state, message: `unknown phase ${state.phase}` };
  }
}

function decidePromotionJob(
  state: OperationState,
  run: ObservedJobRun | undefined,
): Decision {
  const outcome = jobRunOutcome(run, state.jobRunId, 'promotion job');
  if (outcome.kind === 'going') {
    return { next: state, message: outcome.message };
  }
  if (outcome.kind === 'succeeded') {
    return {
      next: { ...state, phase: 'registering' },
      message: outcome.message,
    };
  }
  return {
    next: { ...state, phase: 'done', status: 'failed' },
    message: outcome.message,
    evidence: {
      kind: 'error',
      summary: `promotion job run ${run!.runId} did not succeed`,
      details: { runId: run!.runId, stateMessage: run!.stateMessage },
    },
  };
}

function decideRegistering(
  state: OperationState,
  observed: Observation,
  source: string,
): Decision {
  const p = state.promotion!;
  const versions = observed.promotion?.targetVersions;
  if (!versions) {
    return { next: state, message: `waiting for ${p.targetModel}` };
  }
  const [copy] = copiesOf(versions, p);
  if (!copy) {
    return {
      next: { ...state, phase: 'done', status: 'failed' },
      message: `no version of ${p.targetModel} is a copy of ${source}, although the promotion job succeeded`,
      evidence: {
        kind: 'error',
        summary: `the promotion job registered no copy of ${source}`,
        details: { targetModel: p.targetModel, jobRunId: state.jobRunId },
      },
    };
  }
  const status = versions.find(v => v.version === copy)?.status;
  if (status === 'FAILED_REGISTRATION') {
    return {
      next: { ...state, phase: 'done', status: 'failed' },
      message: `${p.targetModel} v${copy}, the copy of ${source}, failed to register`,
      evidence: {
        kind: 'error',
        summary: `the copy of ${source} failed to register`,
        details: { targetModel: p.targetModel, version: copy },
      },
    };
  }
  if (status && status !== 'READY') {
    // its files are still being uploaded: it cannot be served yet
    return {
      next: state,
      message: `${p.targetModel} v${copy} is ${status}`,
    };
  }
  return {
    command: { kind: 'set-aliases', challenger: copy },
    next: { ...state, phase: 'gating', challengerVersion: copy },
    message: `${p.targetModel} v${copy} is the copy of ${source}: alias challenger set`,
  };
}

function decideGate(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
): Decision {
  const inputs = observed.promotion?.gate;
  const endpoint = observed.endpoint;
  if (!inputs || !endpoint) {
    return { next: state, message: 'waiting for the gate metrics' };
  }
  const challenger = state.challengerVersion!;
  const gate = evaluateGate(
    policy.gates,
    inputs.challenger,
    inputs.champion?.metrics,
  );
  const evidence = {
    kind: 'gate' as const,
    summary: `${policy.name} gate in ${state.promotion!.targetEnvironment}: ${
      gate.decision
    }${gate.reasons.length ? ` (${gate.reasons.join('; ')})` : ''}`,
    gate,
  };
  if (gate.decision === 'reject') {
    return {
      next: { ...state, phase: 'done', status: 'failed' },
      message: `v${challenger} does not pass the promotion gate of ${
        policy.name
      }: ${gate.reasons.join('; ')}`,
      evidence,
    };
  }
  const start = promotionStart(
    endpoint.routes,
    inputs.champion?.version,
    challenger,
    state.steps ?? [100],
  );
  return {
    next: { ...state, ...start },
    message: `v${challenger} passes the gate of ${policy.name}; step 1/${
      start.steps.length
    }: ${describeRoutes(start.target)}`,
    evidence,
  };
}

/** The state once the active promotion's approver decided; undefined when nothing awaits approval. */
export function decided(
  state: OperationState,
  decision: ApprovalRecord['decision'] & string,
  by: string,
  reason: string,
  now: Date,
  deadlineMs: number,
): OperationState | undefined {
  if (state.status !== 'awaiting-approval') {
    return undefined;
  }
  const approval: ApprovalRecord = {
    required: true,
    decision,
    decidedBy: by,
    decidedAt: now.toISOString(),
    reason,
  };
  return decision === 'approved'
    ? {
        ...state,
        status: 'running',
        phase: 'starting-job',
        approval,
        // the deadline counts from the approval: waiting for it is no slowness of the roll-out
        deadlineAt: new Date(now.getTime() + deadlineMs).toISOString(),
      }
    : { ...state, status: 'aborted', phase: 'done', approval };
}
