import {
  ApprovalRecord,
  evaluateHealth,
  Evidence,
  HealthCheckResult,
  ModelPolicy,
  OperationStatus,
  OperationType,
  TrafficRoute,
  VersionLineage,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  decidePromotionToEnv,
  ObservedPromotion,
  PROMOTION_PHASES,
  PromotionToEnv,
} from './promoteToEnv';
import {
  BakeWindow,
  measure,
  startBake,
  VersionSamples,
  windowMetrics,
} from './servingSamples';
import { jobRunOutcome } from './jobRun';
import { canaryRoutes, describeRoutes, sameRoutes } from './traffic';

/**
 * The operations' state machine, written as reconciliation: on every tick the controller observes
 * the serving endpoint (and the job run), and `decide` says what to do next from the persisted
 * state and what it sees. Nothing here calls Databricks, so a tick is safe to repeat: after a
 * crash between a call and its record, the next tick sees the call's effect and moves on, or
 * sees nothing and repeats an idempotent call. It never overwrites a config it did not expect.
 */

export type Phase =
  /** moving traffic to `target` (a canary step, a manual split, a rollback) */
  | 'applying'
  | 'baking'
  | 'checking-health'
  | 'setting-aliases'
  /** restoring `before` after a failed check or an abort */
  | 'rolling-back'
  | 'starting-job'
  | 'waiting-for-job'
  /** promote-to-env (`./promoteToEnv`): waiting for a second person to approve it */
  | 'awaiting-approval'
  /** promote-to-env: finding the promotion job's copy and making it the challenger */
  | 'registering'
  /** promote-to-env: the copy against the target policy's gate */
  | 'gating'
  | 'done';

export interface OperationState {
  type: OperationType;
  status: OperationStatus;
  phase: Phase;
  /** routes when the operation started: what a rollback or an abort restores */
  before: TrafficRoute[];
  /** the routes the current phase moves to */
  target?: TrafficRoute[];
  /** the routes seen after the last applied change: anything else is somebody else's change */
  expected: TrafficRoute[];
  championVersion?: string;
  challengerVersion?: string;
  steps?: number[];
  stepIndex?: number;
  bakeUntil?: string;
  /**
   * the bake's measurements: per model version, one sample per minute the endpoint showed
   * during the bake (deduplicated by the sample's minute), added at every tick while it bakes
   */
  bake?: BakeWindow;
  /** aliases to set once traffic is where it should be */
  aliases?: { champion?: string; challenger?: string | null };
  /** the status to end in once a rollback has restored `before` */
  rollbackOutcome?: 'aborted' | 'rolled-back' | 'failed';
  jobId?: string;
  /** sent with run-now, so a repeated start after a crash starts no second run */
  jobIdempotencyToken?: string;
  jobRunId?: string;
  /** a human resumed after a conflict pause: move on from whatever the endpoint serves now */
  acceptCurrentConfig?: boolean;
  /** the last health check, for the UI */
  lastHealth?: HealthCheckResult;
  /** past this instant the controller pauses the operation for a human; a resume sets a new one */
  deadlineAt?: string;
  /** promote-to-env: the source version and the target model */
  promotion?: PromotionToEnv;
  /** promote-to-env: where the promoted version came from */
  lineage?: VersionLineage;
  /** promote-to-env: whether it needed approval, and the decision */
  approval?: ApprovalRecord;
}

export interface ObservedEndpoint {
  configUpdate:
    | 'NOT_UPDATING'
    | 'IN_PROGRESS'
    | 'UPDATE_FAILED'
    | 'UPDATE_CANCELED';
  routes: TrafficRoute[];
  pendingRoutes?: TrafficRoute[];
  /** per model version, the per-minute samples the metrics export shows now */
  samples: VersionSamples;
}

export interface ObservedJobRun {
  runId: string;
  lifeCycleState: string;
  resultState?: string;
  stateMessage?: string;
}

export interface Observation {
  now: Date;
  endpoint?: ObservedEndpoint;
  jobRun?: ObservedJobRun;
  promotion?: ObservedPromotion;
}

export type Command =
  | { kind: 'put-routes'; routes: TrafficRoute[] }
  | { kind: 'set-aliases'; champion?: string; challenger?: string | null }
  | {
      kind: 'run-job';
      jobId: string;
      idempotencyToken: string;
      /** job parameters (run-now's `job_parameters`) */
      parameters?: Record<string, string>;
    };

export interface Decision {
  /** the call to make now, if any; `next` is recorded only once it succeeded */
  command?: Command;
  next: OperationState;
  /** one line for the operation's step history */
  message: string;
  evidence?: Omit<Evidence, 'at'>;
  /** only a measurement was added: record the state, but no history line and no hurry */
  quiet?: boolean;
}

const TERMINAL: OperationStatus[] = [
  'succeeded',
  'failed',
  'aborted',
  'rolled-back',
];

/** The state with this tick's measurement added to its bake window. */
function measured(
  state: OperationState,
  observed: Observation,
): OperationState {
  const bake = state.bake ?? { samples: {} };
  const next = observed.endpoint
    ? measure(bake, observed.endpoint.samples)
    : bake;
  return next === state.bake ? state : { ...state, bake: next };
}

const minutesMeasured = (bake: BakeWindow | undefined) =>
  new Set(
    Object.values(bake?.samples ?? {}).flatMap(list => list.map(s => s.at)),
  ).size;

export function decide(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
): Decision {
  if (TERMINAL.includes(state.status) || state.phase === 'done') {
    return { next: state, message: 'nothing to do' };
  }
  if (state.status === 'paused') {
    return { next: state, message: 'paused, waiting for a human' };
  }
  if (
    state.type === 'promote-to-env' &&
    (PROMOTION_PHASES as readonly string[]).includes(state.phase)
  ) {
    return decidePromotionToEnv(state, observed, policy);
  }
  switch (state.phase) {
    case 'applying':
    case 'rolling-back':
      return decideApplying(state, observed, policy);
    case 'baking': {
      // a measurement at every tick of the bake, kept in the state (Argo Rollouts' analysis runs)
      const next = measured(state, observed);
      if (observed.now < new Date(state.bakeUntil ?? 0)) {
        return {
          next,
          message: `baking until ${state.bakeUntil}; ${minutesMeasured(
            next.bake,
          )} minute(s) measured`,
          quiet: true,
        };
      }
      return decide({ ...next, phase: 'checking-health' }, observed, policy);
    }
    case 'checking-health':
      return decideHealth(state, observed, policy);
    case 'setting-aliases':
      return {
        command: { kind: 'set-aliases', ...state.aliases },
        next: { ...state, phase: 'done', status: 'succeeded' },
        message: `aliases set: champion v${state.aliases?.champion ?? '-'}${
          state.aliases?.challenger === null ? ', challenger removed' : ''
        }`,
      };
    case 'starting-job':
      return {
        command: {
          kind: 'run-job',
          jobId: state.jobId!,
          idempotencyToken: state.jobIdempotencyToken!,
        },
        next: { ...state, phase: 'waiting-for-job' },
        message: `tournament job ${state.jobId} started`,
      };
    case 'waiting-for-job':
      return decideJob(state, observed);
    default:
      return { next: state, message: `unknown phase ${state.phase}` };
  }
}

function decideApplying(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
): Decision {
  const endpoint = observed.endpoint;
  const target = state.phase === 'rolling-back' ? state.before : state.target!;
  if (!endpoint) {
    return {
      next: state,
      message: 'waiting for the serving endpoint to answer',
    };
  }
  if (endpoint.configUpdate === 'IN_PROGRESS') {
    if (sameRoutes(endpoint.pendingRoutes, target)) {
      return {
        next: state,
        message: `waiting for ${describeRoutes(target)} to apply`,
      };
    }
    return pauseForConflict(state, endpoint, target);
  }
  if (sameRoutes(endpoint.routes, target)) {
    return afterApplied(state, observed, policy, target);
  }
  if (endpoint.configUpdate === 'UPDATE_FAILED' && state.phase === 'applying') {
    // the endpoint refused our change: put back what was there before
    return {
      next: {
        ...state,
        phase: 'rolling-back',
        rollbackOutcome: 'failed',
        expected: endpoint.routes,
      },
      message: `the endpoint failed to apply ${describeRoutes(
        target,
      )}; restoring ${describeRoutes(state.before)}`,
      evidence: {
        kind: 'error',
        summary: `serving config update failed while applying ${describeRoutes(
          target,
        )}`,
      },
    };
  }
  if (
    sameRoutes(endpoint.routes, state.expected) ||
    state.acceptCurrentConfig
  ) {
    return {
      command: { kind: 'put-routes', routes: target },
      next: { ...state, acceptCurrentConfig: undefined },
      message: `traffic ${describeRoutes(endpoint.routes)} → ${describeRoutes(
        target,
      )}`,
    };
  }
  return pauseForConflict(state, endpoint, target);
}

function pauseForConflict(
  state: OperationState,
  endpoint: ObservedEndpoint,
  target: TrafficRoute[],
): Decision {
  const seen =
    endpoint.configUpdate === 'IN_PROGRESS'
      ? endpoint.pendingRoutes
      : endpoint.routes;
  return {
    next: { ...state, status: 'paused' },
    message: `paused: the endpoint is at ${describeRoutes(
      seen,
    )}, changed by someone else (expected ${describeRoutes(
      state.expected,
    )}); not overwriting it with ${describeRoutes(target)}`,
    evidence: {
      kind: 'config-drift',
      summary: 'serving config changed outside this operation',
      details: { expected: state.expected, seen, target },
    },
  };
}

function afterApplied(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
  applied: TrafficRoute[],
): Decision {
  if (state.phase === 'rolling-back') {
    return {
      next: {
        ...state,
        phase: 'done',
        status: state.rollbackOutcome ?? 'rolled-back',
        expected: applied,
      },
      message: `restored ${describeRoutes(applied)}`,
    };
  }
  const base = { ...state, expected: applied };
  if (state.type === 'promote' || state.type === 'promote-to-env') {
    const last = state.stepIndex === (state.steps?.length ?? 1) - 1;
    const bakeMinutes =
      policy.rollout.strategy === 'direct' || last
        ? 0
        : policy.rollout.bakeMinutes;
    if (bakeMinutes === 0) {
      return last
        ? {
            next: { ...base, phase: 'setting-aliases' },
            message: `${describeRoutes(applied)} applied`,
          }
        : // no bake: the minutes the endpoint shows now are the window
          decide(
            { ...base, phase: 'checking-health', bake: { samples: {} } },
            observed,
            policy,
          );
    }
    const bakeUntil = new Date(
      observed.now.getTime() + bakeMinutes * 60_000,
    ).toISOString();
    return {
      next: {
        ...base,
        phase: 'baking',
        bakeUntil,
        bake: startBake(observed.endpoint?.samples ?? {}),
      },
      message: `${describeRoutes(
        applied,
      )} applied; baking ${bakeMinutes} min until ${bakeUntil}`,
    };
  }
  // set-split and rollback end once traffic is where it should be (and aliases follow it)
  if (state.aliases) {
    return {
      next: { ...base, phase: 'setting-aliases' },
      message: `${describeRoutes(applied)} applied`,
    };
  }
  return {
    next: { ...base, phase: 'done', status: 'succeeded' },
    message: `${describeRoutes(applied)} applied`,
  };
}

function decideHealth(
  state: OperationState,
  observed: Observation,
  policy: ModelPolicy,
): Decision {
  const endpoint = observed.endpoint;
  if (!endpoint) {
    return { next: state, message: 'waiting for serving metrics' };
  }
  // the bake's minutes, each counted once, summed per version
  const bake = measured(state, observed).bake;
  const challenger = windowMetrics(bake?.samples[state.challengerVersion!]);
  const champion = windowMetrics(bake?.samples[state.championVersion!]);
  const health = evaluateHealth(policy.rollout.health, challenger, champion);
  const evidence = {
    kind: 'health-check' as const,
    summary: `step ${(state.stepIndex ?? 0) + 1}/${state.steps?.length ?? 1}: ${
      health.outcome
    }${health.reasons.length ? ` (${health.reasons.join('; ')})` : ''}`,
    health,
  };
  if (health.outcome === 'Failed') {
    if (policy.rollout.autoRollback) {
      return {
        next: {
          ...state,
          phase: 'rolling-back',
          rollbackOutcome: 'rolled-back',
          lastHealth: health,
        },
        message: `health check failed: ${health.reasons.join(
          '; ',
        )}; rolling back to ${describeRoutes(state.before)}`,
        evidence,
      };
    }
    return {
      next: { ...state, status: 'paused', lastHealth: health },
      message: `health check failed: ${health.reasons.join(
        '; ',
      )}; paused (automatic rollback is off)`,
      evidence,
    };
  }
  if (health.outcome === 'Inconclusive') {
    return {
      next: { ...state, status: 'paused', lastHealth: health },
      message: `health check inconclusive: ${health.reasons.join(
        '; ',
      )}; paused for a human`,
      evidence,
    };
  }
  return { ...nextStep(state, health), evidence };
}

/** Moves a promotion to its next canary step (also what resuming after an Inconclusive check does). */
export function nextStep(
  state: OperationState,
  health?: HealthCheckResult,
): Decision {
  const stepIndex = (state.stepIndex ?? 0) + 1;
  const steps = state.steps ?? [100];
  if (stepIndex >= steps.length) {
    return {
      next: { ...state, phase: 'setting-aliases', lastHealth: health },
      message: 'all steps healthy',
    };
  }
  const target = canaryRoutes(
    state.championVersion!,
    state.challengerVersion!,
    steps[stepIndex],
  );
  return {
    next: {
      ...state,
      phase: 'applying',
      stepIndex,
      target,
      bake: undefined,
      bakeUntil: undefined,
      lastHealth: health,
    },
    message: `step ${stepIndex + 1}/${steps.length}: ${describeRoutes(target)}`,
  };
}

function decideJob(state: OperationState, observed: Observation): Decision {
  const run = observed.jobRun;
  const outcome = jobRunOutcome(run, state.jobRunId, 'job');
  if (outcome.kind === 'going') {
    return { next: state, message: outcome.message };
  }
  if (outcome.kind === 'succeeded') {
    return {
      next: { ...state, phase: 'done', status: 'succeeded' },
      message: `${outcome.message}: a new challenger is registered`,
    };
  }
  return {
    next: { ...state, phase: 'done', status: 'failed' },
    message: outcome.message,
    evidence: {
      kind: 'error',
      summary: `tournament job run ${run!.runId} did not succeed`,
    },
  };
}
