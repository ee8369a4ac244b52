import type { TournamentMetric } from '../model/types';
import { TOURNAMENT_METRICS } from '../model/types';

/**
 * A model's policy: when a challenger may replace the champion, how traffic moves to it, when to
 * roll back and when to retrain. Defaults come from app-config (`fmlops.policies`), a model picks
 * one by name with the `fmlops.io/policy` annotation and may override parts of it.
 */

/**
 * One metric gate, with MLflow `MetricThreshold` semantics: an absolute `threshold` the challenger
 * must reach, and minimum absolute / relative improvements over the champion.
 */
export interface MetricGate {
  metric: TournamentMetric;
  /** true when a higher value is better (MLflow `greater_is_better`) */
  greaterIsBetter: boolean;
  threshold?: number;
  minAbsoluteChange?: number;
  /** a fraction: 0.01 = the challenger must be 1 % better than the champion */
  minRelativeChange?: number;
  /** a failing primary gate rejects; a failing secondary gate rejects too unless `advisory` */
  primary?: boolean;
  /** reported but never blocks promotion */
  advisory?: boolean;
}

export type RolloutStrategy = 'direct' | 'canary';

export interface HealthCheckPolicy {
  /** the challenger's p99 latency may be at most this multiple of the champion's */
  maxP99LatencyRatio: number;
  /** and never above this many milliseconds, whatever the champion does */
  maxP99LatencyMs?: number;
  /** the challenger's error rate may exceed the champion's by at most this (absolute fraction) */
  maxErrorRateIncrease: number;
  /** fewer challenger requests than this during a bake: the check is Inconclusive */
  minRequests: number;
}

export interface RolloutPolicy {
  strategy: RolloutStrategy;
  /** traffic percentages to the challenger, increasing, ending at 100 (canary only) */
  steps: number[];
  /** how long each step bakes before its health check */
  bakeMinutes: number;
  health: HealthCheckPolicy;
  /** roll back on a failed health check without waiting for a human */
  autoRollback: boolean;
}

export interface RetrainPolicy {
  /** retrain when the latest `ofLastWindows` drift windows hold at least `windowsInDrift` in drift */
  drift?: { windowsInDrift: number; ofLastWindows: number };
  /** retrain when a live metric of the champion falls below its floor */
  metricFloors?: Partial<Record<TournamentMetric, number>>;
  /** at least this long between two automatic retrains */
  cooldownHours: number;
  /** let the guardian start retraining by itself */
  automatic: boolean;
}

export interface ModelPolicy {
  name: string;
  primaryMetric: TournamentMetric;
  gates: MetricGate[];
  rollout: RolloutPolicy;
  retrain: RetrainPolicy;
}

export const DEFAULT_POLICY: ModelPolicy = {
  name: 'default',
  primaryMetric: 'pr_auc',
  gates: [
    {
      metric: 'pr_auc',
      greaterIsBetter: true,
      threshold: 0.6,
      minAbsoluteChange: 0.005,
      primary: true,
    },
    { metric: 'f1', greaterIsBetter: true, threshold: 0.5 },
    {
      metric: 'precision',
      greaterIsBetter: true,
      threshold: 0.4,
      advisory: true,
    },
    { metric: 'recall', greaterIsBetter: true, threshold: 0.4, advisory: true },
  ],
  rollout: {
    strategy: 'canary',
    steps: [10, 50, 100],
    bakeMinutes: 30,
    health: {
      maxP99LatencyRatio: 1.5,
      maxP99LatencyMs: 500,
      maxErrorRateIncrease: 0.01,
      minRequests: 50,
    },
    autoRollback: true,
  },
  retrain: {
    drift: { windowsInDrift: 3, ofLastWindows: 6 },
    metricFloors: { pr_auc: 0.55 },
    cooldownHours: 24,
    automatic: true,
  },
};

export class PolicyError extends Error {
  /** maps to 400 in Backstage's error handler */
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends Array<infer U>
    ? U[]
    : T[K] extends object
    ? DeepPartial<T[K]>
    : T[K];
};
export type PolicyOverride = DeepPartial<ModelPolicy>;

/** Merges overrides onto a base policy (arrays are replaced, objects merged) and validates it. */
export function resolvePolicy(
  base: ModelPolicy,
  ...overrides: Array<PolicyOverride | undefined>
): ModelPolicy {
  let merged: ModelPolicy = base;
  for (const override of overrides) {
    if (override) {
      merged = mergeDeep(merged, override) as ModelPolicy;
    }
  }
  validatePolicy(merged);
  return merged;
}

function mergeDeep(base: unknown, override: unknown): unknown {
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof override !== 'object' ||
    override === null ||
    Array.isArray(override)
  ) {
    return override === undefined ? base : override;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    out[key] = mergeDeep(out[key], value);
  }
  return out;
}

const isMetric = (m: unknown): m is TournamentMetric =>
  TOURNAMENT_METRICS.includes(m as TournamentMetric);

/** Throws a PolicyError naming every problem of a policy. */
export function validatePolicy(policy: ModelPolicy): void {
  const problems: string[] = [];
  if (!isMetric(policy.primaryMetric)) {
    problems.push(
      `primaryMetric must be one of ${TOURNAMENT_METRICS.join(', ')}`,
    );
  }
  if (!Array.isArray(policy.gates) || policy.gates.length === 0) {
    problems.push('gates must list at least one metric gate');
  }
  for (const [i, gate] of (policy.gates ?? []).entries()) {
    if (!isMetric(gate.metric)) {
      problems.push(
        `gates[${i}].metric must be one of ${TOURNAMENT_METRICS.join(', ')}`,
      );
    }
    for (const key of [
      'threshold',
      'minAbsoluteChange',
      'minRelativeChange',
    ] as const) {
      const v = gate[key];
      if (v !== undefined && !Number.isFinite(v)) {
        problems.push(`gates[${i}].${key} must be a number`);
      }
    }
  }
  const { rollout, retrain } = policy;
  if (rollout.strategy !== 'direct' && rollout.strategy !== 'canary') {
    problems.push('rollout.strategy must be direct or canary');
  }
  if (rollout.strategy === 'canary') {
    const steps = rollout.steps ?? [];
    const increasing = steps.every(
      (s, i) =>
        Number.isInteger(s) &&
        s > 0 &&
        s <= 100 &&
        (i === 0 || s > steps[i - 1]),
    );
    if (steps.length === 0 || !increasing || steps[steps.length - 1] !== 100) {
      problems.push(
        'rollout.steps must be increasing whole percentages between 1 and 100 ending at 100',
      );
    }
  }
  if (!(rollout.bakeMinutes >= 0)) {
    problems.push('rollout.bakeMinutes must be zero or more');
  }
  if (!(rollout.health.maxP99LatencyRatio >= 1)) {
    problems.push('rollout.health.maxP99LatencyRatio must be at least 1');
  }
  if (
    !(
      rollout.health.maxErrorRateIncrease >= 0 &&
      rollout.health.maxErrorRateIncrease <= 1
    )
  ) {
    problems.push(
      'rollout.health.maxErrorRateIncrease must be between 0 and 1',
    );
  }
  if (!(rollout.health.minRequests >= 0)) {
    problems.push('rollout.health.minRequests must be zero or more');
  }
  if (retrain.drift) {
    const { windowsInDrift, ofLastWindows } = retrain.drift;
    if (
      !(
        Number.isInteger(windowsInDrift) &&
        Number.isInteger(ofLastWindows) &&
        windowsInDrift >= 1 &&
        windowsInDrift <= ofLastWindows
      )
    ) {
      problems.push(
        'retrain.drift needs whole numbers with 1 ≤ windowsInDrift ≤ ofLastWindows',
      );
    }
  }
  if (!(retrain.cooldownHours >= 0)) {
    problems.push('retrain.cooldownHours must be zero or more');
  }
  if (problems.length > 0) {
    throw new PolicyError(
      `Invalid policy ${policy.name}: ${problems.join('; ')}`,
    );
  }
}
