import type { FmlopsApiSchemas as Schemas } from '../schema/schemas';
import { TOURNAMENT_METRICS } from '../model/types';
import { z } from 'zod';

/**
 * A model's policy: when a challenger may replace the champion, how traffic moves to it, when to
 * roll back, when to retrain, what counts as healthy and whether a version entering the model's
 * environment from the previous one needs a second person's approval. Defaults come from app-config (`fmlops.policies`), a model picks
 * one by name with the `fmlops.io/policy` annotation and may override parts of it.
 */

/**
 * One metric gate, with MLflow `MetricThreshold` semantics: an absolute `threshold` the challenger
 * must reach, and minimum absolute / relative improvements over the champion.
 *
 * @public
 */
export type MetricGate = Schemas['MetricGate'];
/** @public */
export type RolloutStrategy = Schemas['RolloutStrategy'];
/** @public */
export type HealthCheckPolicy = Schemas['HealthCheckPolicy'];
/** @public */
export type RolloutPolicy = Schemas['RolloutPolicy'];
/** @public */
export type RetrainPolicy = Schemas['RetrainPolicy'];
/** @public */
export type MonitoringPolicy = Schemas['MonitoringPolicy'];
/** @public */
export type PromotionPolicy = Schemas['PromotionPolicy'];
/** @public */
export type ModelPolicy = Schemas['ModelPolicy'];

/** @public */
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
  monitoring: {
    minExpectationPassRate: 0.95,
    maxDataAgeHours: 48,
    maxJobAgeHours: 7 * 24,
    maxErrorRate: 0.05,
  },
  promotion: { requireApproval: false },
};

/** @public */
export class PolicyError extends Error {
  /** maps to 400 in Backstage's error handler */
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const METRIC_MESSAGE = `must be one of ${TOURNAMENT_METRICS.join(', ')}`;
const STEPS_MESSAGE =
  'must be increasing whole percentages between 1 and 100 ending at 100';
const DRIFT_MESSAGE =
  'needs whole numbers with 1 ≤ windowsInDrift ≤ ofLastWindows';

const metric = z.enum(TOURNAMENT_METRICS, { error: METRIC_MESSAGE });
const flag = z.boolean({ error: 'must be true or false' });
const optionalNumber = z.number({ error: 'must be a number' }).optional();
const atLeast = (min: number, message: string) =>
  z.number({ error: message }).min(min, { error: message });

const gateSchema = z.object({
  metric,
  greaterIsBetter: flag,
  threshold: optionalNumber,
  minAbsoluteChange: optionalNumber,
  minRelativeChange: optionalNumber,
  primary: flag.optional(),
  advisory: flag.optional(),
});

/** The drift rule, its keys defaulting to `base`'s when there is one. */
function driftRuleSchema(base: RetrainPolicy['drift']) {
  const count = (key: 'windowsInDrift' | 'ofLastWindows') => {
    const schema = z.int({ error: DRIFT_MESSAGE });
    return base ? schema.prefault(base[key]) : schema;
  };
  return z
    .object(
      {
        windowsInDrift: count('windowsInDrift'),
        ofLastWindows: count('ofLastWindows'),
      },
      { error: DRIFT_MESSAGE },
    )
    .refine(
      ({ windowsInDrift, ofLastWindows }) =>
        windowsInDrift >= 1 && windowsInDrift <= ofLastWindows,
      { error: DRIFT_MESSAGE },
    );
}

const canaryStepsValid = (steps: number[]) =>
  steps.length > 0 &&
  steps[steps.length - 1] === 100 &&
  steps.every(
    (step, i) =>
      Number.isInteger(step) &&
      step > 0 &&
      step <= 100 &&
      (i === 0 || step > steps[i - 1]),
  );

/**
 * A policy whose every key defaults to `base`'s: parsing an override onto it is the merge
 * (arrays replace, objects merge) and the validation in one. `prefault` parses the defaults
 * too, so the cross-key checks (canary steps, drift rule) see the merged values.
 */
function policySchema(base: ModelPolicy) {
  const { rollout, retrain, monitoring } = base;
  const promotion = base.promotion ?? DEFAULT_POLICY.promotion!;
  const share = (key: keyof MonitoringPolicy) =>
    atLeast(0, 'must be between 0 and 1')
      .max(1, { error: 'must be between 0 and 1' })
      .prefault(monitoring[key]);
  const hours = (key: keyof MonitoringPolicy) =>
    z
      .number({ error: 'must be a positive number of hours' })
      .positive({ error: 'must be a positive number of hours' })
      .prefault(monitoring[key]);
  return z.object(
    {
      name: z.string({ error: 'must be a string' }).prefault(base.name),
      primaryMetric: metric.prefault(base.primaryMetric),
      gates: z
        .array(gateSchema, { error: 'must list at least one metric gate' })
        .min(1, { error: 'must list at least one metric gate' })
        .prefault(base.gates),
      rollout: z
        .object(
          {
            strategy: z
              .enum(['direct', 'canary'], {
                error: 'must be direct or canary',
              })
              .prefault(rollout.strategy),
            steps: z
              .array(z.number(), { error: STEPS_MESSAGE })
              .prefault(rollout.steps),
            bakeMinutes: atLeast(0, 'must be zero or more').prefault(
              rollout.bakeMinutes,
            ),
            health: z
              .object(
                {
                  maxP99LatencyRatio: atLeast(1, 'must be at least 1').prefault(
                    rollout.health.maxP99LatencyRatio,
                  ),
                  maxP99LatencyMs: optionalNumber.prefault(
                    rollout.health.maxP99LatencyMs,
                  ),
                  maxErrorRateIncrease: atLeast(0, 'must be between 0 and 1')
                    .max(1, { error: 'must be between 0 and 1' })
                    .prefault(rollout.health.maxErrorRateIncrease),
                  minRequests: atLeast(0, 'must be zero or more').prefault(
                    rollout.health.minRequests,
                  ),
                },
                { error: 'must be an object' },
              )
              .prefault(rollout.health),
            autoRollback: flag.prefault(rollout.autoRollback),
          },
          { error: 'must be an object' },
        )
        .refine(r => r.strategy !== 'canary' || canaryStepsValid(r.steps), {
          error: STEPS_MESSAGE,
          path: ['steps'],
        })
        .prefault(rollout),
      retrain: z
        .object(
          {
            drift: retrain.drift
              ? driftRuleSchema(retrain.drift).prefault(retrain.drift)
              : driftRuleSchema(undefined).optional(),
            metricFloors: z
              .record(z.string(), z.number({ error: 'must be a number' }), {
                error: 'must map metrics to numbers',
              })
              .optional()
              // floors of other metrics stay as the base sets them
              .transform(floors =>
                floors
                  ? { ...retrain.metricFloors, ...floors }
                  : retrain.metricFloors,
              ),
            cooldownHours: atLeast(0, 'must be zero or more').prefault(
              retrain.cooldownHours,
            ),
            automatic: flag.prefault(retrain.automatic),
          },
          { error: 'must be an object' },
        )
        .prefault(retrain),
      monitoring: z
        .object(
          {
            minExpectationPassRate: share('minExpectationPassRate'),
            maxDataAgeHours: hours('maxDataAgeHours'),
            maxJobAgeHours: hours('maxJobAgeHours'),
            maxErrorRate: share('maxErrorRate'),
          },
          { error: 'must be an object' },
        )
        .prefault(monitoring),
      promotion: z
        .object(
          { requireApproval: flag.prefault(promotion.requireApproval) },
          { error: 'must be an object' },
        )
        .prefault(promotion),
    },
    { error: 'must be an object' },
  );
}

/**
 * Every key optional, at every depth (arrays are replaced whole).
 *
 * @public
 */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends Array<infer U>
    ? U[]
    : T[K] extends object
    ? DeepPartial<T[K]>
    : T[K];
};
/**
 * A policy or a part of one, as app-config gives it: every key optional.
 *
 * @public
 */
export type PolicyOverride = DeepPartial<ModelPolicy>;

/** `gates[0].metric` for the path `['gates', 0, 'metric']`. */
function keyOf(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/** Applies an override onto a valid policy; throws a PolicyError naming every key at fault. */
function applyOverride(base: ModelPolicy, override: unknown): ModelPolicy {
  const result = policySchema(base).safeParse(override);
  if (result.success) {
    return result.data;
  }
  const overrideName = (override as { name?: unknown } | null)?.name;
  const name = typeof overrideName === 'string' ? overrideName : base.name;
  const problems = result.error.issues.map(issue =>
    issue.path.length > 0
      ? `${keyOf(issue.path)} ${issue.message}`
      : `the policy ${issue.message}`,
  );
  throw new PolicyError(`Invalid policy ${name}: ${problems.join('; ')}`);
}

/**
 * Applies overrides onto a base policy, one after the other (arrays are replaced, objects
 * merged), and validates the result.
 *
 * @public
 */
export function resolvePolicy(
  base: ModelPolicy,
  ...overrides: Array<PolicyOverride | undefined>
): ModelPolicy {
  // without overrides, the base alone is validated
  const layers = overrides.length > 0 ? overrides : [undefined];
  return layers.reduce<ModelPolicy>(
    (policy, override) => applyOverride(policy, override ?? {}),
    base,
  );
}
