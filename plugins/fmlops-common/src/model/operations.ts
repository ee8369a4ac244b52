import type {
  GateDecision,
  HealthCheckResult,
  Metrics,
} from '../policy/evaluate';
import type { ModelPolicy, RolloutStrategy } from '../policy/policy';

/**
 * The write path: operations on a model (promote, set the split, pause / resume / abort a rollout,
 * roll back, retrain), each a persisted state machine with an audit trail.
 */

export const OPERATION_TYPES = [
  'promote',
  'set-split',
  'pause',
  'resume',
  'abort',
  'rollback',
  'retrain',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** Traffic to one model version on the serving endpoint. */
export interface TrafficRoute {
  modelVersion: string;
  trafficPercentage: number;
}

export type OperationRequest =
  | {
      type: 'promote';
      /** the policy's strategy unless given */
      strategy?: RolloutStrategy;
      /** canary steps, the policy's unless given */
      steps?: number[];
      reason?: string;
      idempotencyKey?: string;
    }
  | {
      type: 'set-split';
      routes: TrafficRoute[];
      reason?: string;
      idempotencyKey?: string;
    }
  | { type: 'pause' | 'resume'; reason?: string; idempotencyKey?: string }
  | { type: 'abort' | 'rollback'; reason: string; idempotencyKey?: string }
  | { type: 'retrain'; reason?: string; idempotencyKey?: string };

export type OperationStatus =
  | 'running'
  /** waiting for a human (an Inconclusive health check, or paused by hand) */
  | 'paused'
  | 'succeeded'
  | 'failed'
  | 'aborted'
  | 'rolled-back';

export const ACTIVE_OPERATION_STATUSES: OperationStatus[] = [
  'running',
  'paused',
];

/** What an automatic decision was based on. */
export interface Evidence {
  at: string;
  kind:
    | 'gate'
    | 'health-check'
    | 'drift'
    | 'metric-floor'
    | 'config-drift'
    | 'error';
  summary: string;
  gate?: GateDecision;
  health?: HealthCheckResult;
  details?: Record<string, unknown>;
}

export interface OperationStepRecord {
  at: string;
  phase: string;
  message: string;
}

export interface Operation {
  id: string;
  entityRef: string;
  type: OperationType;
  status: OperationStatus;
  /** the state machine's current phase, e.g. baking, checking-health, setting-aliases */
  phase: string;
  requestedBy: string;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  /** canary: the traffic steps and the index of the current one */
  steps?: number[];
  stepIndex?: number;
  /** when the current bake ends */
  bakeUntil?: string;
  challengerVersion?: string;
  championVersion?: string;
  before?: TrafficRoute[];
  after?: TrafficRoute[];
  /** Databricks job run started by a retrain */
  jobRunId?: string;
  message?: string;
  evidence: Evidence[];
  history: OperationStepRecord[];
}

export interface AuditEvent {
  id: string;
  entityRef: string;
  operationId?: string;
  type: OperationType | 'auto-rollback' | 'auto-retrain' | 'alias-sync';
  /** a user entity ref, or `fmlops:controller` / `fmlops:guardian` for automatic decisions */
  actor: string;
  reason?: string;
  outcome: OperationStatus | 'started' | 'recorded';
  at: string;
  before?: TrafficRoute[];
  after?: TrafficRoute[];
  evidence?: Evidence[];
}

export interface ModelEvaluation {
  entityRef: string;
  policy: ModelPolicy;
  champion?: { version: string; metrics: Metrics; runId?: string };
  challenger?: { version: string; metrics: Metrics; runId?: string };
  /** one entry per check: value, baseline, threshold, pass/fail; and the decision */
  checks: GateDecision['checks'];
  decision: GateDecision['decision'] | 'no-challenger';
  reasons: string[];
}
