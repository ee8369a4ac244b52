import { TOURNAMENT_METRICS } from '../model/types';
import type { MetricGate, ModelPolicy, RolloutPolicy } from './policy';

/**
 * A project's own thresholds (the annotation fmlops.io/policy-overrides) on top of the policy it
 * names, applied only where they are stricter: the counterpart of `laxerThan` (./strictness).
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A number the override may use, else undefined (the policy's own value stays). */
function numberIn(value: unknown, min: number, max = Infinity) {
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max
    ? value
    : undefined;
}

function stricter(
  own: number | undefined,
  wanted: number | undefined,
  pick: (a: number, b: number) => number,
): number | undefined {
  if (wanted === undefined) return own;
  return own === undefined ? wanted : pick(own, wanted);
}

function tightenGates(gates: MetricGate[], overrides: unknown): MetricGate[] {
  if (!Array.isArray(overrides)) return gates;
  let result = gates;
  for (const wanted of overrides) {
    if (
      !isObject(wanted) ||
      !(TOURNAMENT_METRICS as readonly unknown[]).includes(wanted.metric)
    ) {
      continue;
    }
    const metric = wanted.metric as MetricGate['metric'];
    const threshold = numberIn(wanted.threshold, 0, 1);
    const minAbsoluteChange = numberIn(wanted.minAbsoluteChange, 0, 1);
    const minRelativeChange = numberIn(wanted.minRelativeChange, 0);
    const blocking = result.findIndex(g => g.metric === metric && !g.advisory);
    const index =
      blocking >= 0 ? blocking : result.findIndex(g => g.metric === metric);
    const own: MetricGate = result[index] ?? { metric, greaterIsBetter: true };
    const tightened: MetricGate = {
      ...own,
      threshold: stricter(
        own.threshold,
        threshold,
        own.greaterIsBetter ? Math.max : Math.min,
      ),
      minAbsoluteChange: stricter(
        own.minAbsoluteChange,
        minAbsoluteChange,
        Math.max,
      ),
      minRelativeChange: stricter(
        own.minRelativeChange,
        minRelativeChange,
        Math.max,
      ),
      // a gate the project sets a threshold for blocks: it never becomes advisory
      advisory: undefined,
    };
    for (const key of Object.keys(tightened) as Array<keyof MetricGate>) {
      if (tightened[key] === undefined) delete tightened[key];
    }
    result =
      index >= 0
        ? result.map((g, i) => (i === index ? tightened : g))
        : [...result, tightened];
  }
  return result;
}

function tightenRollout(
  rollout: RolloutPolicy,
  wanted: unknown,
): RolloutPolicy {
  if (!isObject(wanted)) return rollout;
  const steps = Array.isArray(wanted.steps)
    ? wanted.steps.filter(
        (s): s is number => Number.isInteger(s) && s > 0 && s <= 100,
      )
    : [];
  const canarySteps = (own: number[]) =>
    [...new Set([...own, ...steps, 100])].sort((a, b) => a - b);
  // canary is stricter than direct; a canary keeps every step of either (adding a step is stricter)
  const canary = rollout.strategy === 'canary' || wanted.strategy === 'canary';
  const health = isObject(wanted.health) ? wanted.health : {};
  return {
    ...rollout,
    strategy: canary ? 'canary' : rollout.strategy,
    steps: canary
      ? canarySteps(rollout.strategy === 'canary' ? rollout.steps : [])
      : rollout.steps,
    bakeMinutes: Math.max(
      rollout.bakeMinutes,
      numberIn(wanted.bakeMinutes, 0) ?? 0,
    ),
    autoRollback: rollout.autoRollback || wanted.autoRollback === true,
    health: {
      ...rollout.health,
      maxP99LatencyRatio: Math.min(
        rollout.health.maxP99LatencyRatio,
        numberIn(health.maxP99LatencyRatio, 1) ?? Infinity,
      ),
      maxP99LatencyMs: stricter(
        rollout.health.maxP99LatencyMs,
        numberIn(health.maxP99LatencyMs, 1),
        Math.min,
      ),
      maxErrorRateIncrease: Math.min(
        rollout.health.maxErrorRateIncrease,
        numberIn(health.maxErrorRateIncrease, 0, 1) ?? Infinity,
      ),
      minRequests: Math.max(
        rollout.health.minRequests,
        numberIn(health.minRequests, 0) ?? 0,
      ),
    },
  };
}

/**
 * The policy with a project's own thresholds applied, ONLY where they are stricter. The
 * annotation is user input (whoever can edit the catalog file writes it): it may raise a gate's
 * threshold, add a canary step, lengthen a bake or ask for approval, but never lower a gate, skip a
 * step, shorten a bake or require less approval than the platform's policy; such values, and
 * anything malformed, are ignored, so the result is never laxer than `policy` (`laxerThan` is
 * empty). Retraining is left to the named policy: the project's drift job applies its own rule.
 *
 * @public
 */
export function tightenPolicy(
  policy: ModelPolicy,
  annotation: string | undefined,
): ModelPolicy {
  let overrides: unknown;
  try {
    overrides = annotation ? JSON.parse(annotation) : undefined;
  } catch {
    // malformed JSON tightens nothing; the named policy applies as it is
    return policy;
  }
  if (!isObject(overrides)) return policy;
  const promotion = isObject(overrides.promotion) ? overrides.promotion : {};
  const requireApproval =
    Boolean(policy.promotion?.requireApproval) ||
    promotion.requireApproval === true;
  return {
    ...policy,
    gates: tightenGates(policy.gates, overrides.gates),
    rollout: tightenRollout(policy.rollout, overrides.rollout),
    ...(policy.promotion || requireApproval
      ? { promotion: { ...policy.promotion, requireApproval } }
      : {}),
  };
}
