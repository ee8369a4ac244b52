import type { FmlopsApiSchemas as Schemas } from '../schema/schemas';
import type { TournamentMetric } from '../model/types';
import type { HealthCheckPolicy, MetricGate, RetrainPolicy } from './policy';

/**
 * One check of the champion vs challenger gate.
 *
 * @public
 */
export type GateCheck = Schemas['GateCheck'];
/** @public */
export type GateDecision = Schemas['GateDecision'];
/** @public */
export type Metrics = Schemas['Metrics'];

const fmt = (n: number | null) =>
  n === null ? 'missing' : Number(n.toFixed(6)).toString();

/**
 * Challenger vs champion under the policy's gates, with MLflow `MetricThreshold` semantics:
 * `threshold` is an absolute bound on the challenger; `minAbsoluteChange` and
 * `minRelativeChange` compare it with the champion (skipped when there is no champion yet).
 * Missing challenger metrics fail their checks. No side effects.
 *
 * @public
 */
export function evaluateGate(
  gates: MetricGate[],
  challenger: Metrics,
  champion?: Metrics,
): GateDecision {
  const checks: GateCheck[] = [];
  for (const gate of gates) {
    const value = finiteOrNull(challenger[gate.metric]);
    const baseline = champion ? finiteOrNull(champion[gate.metric]) : null;
    // how much better the challenger is than the champion, in the metric's direction
    const improvement = (v: number, base: number) =>
      gate.greaterIsBetter ? v - base : base - v;
    const better = (a: number, b: number) =>
      gate.greaterIsBetter ? a >= b : a <= b;
    const common = {
      metric: gate.metric,
      value,
      primary: Boolean(gate.primary),
      advisory: Boolean(gate.advisory),
    };
    if (gate.threshold !== undefined) {
      const passed = value !== null && better(value, gate.threshold);
      checks.push({
        ...common,
        kind: 'threshold',
        baseline: null,
        threshold: gate.threshold,
        passed,
        message: `${gate.metric} ${fmt(value)} ${
          gate.greaterIsBetter ? '≥' : '≤'
        } ${fmt(gate.threshold)}`,
      });
    }
    if (gate.minAbsoluteChange !== undefined && baseline !== null) {
      const change = value === null ? null : improvement(value, baseline);
      checks.push({
        ...common,
        kind: 'min-absolute-change',
        baseline,
        threshold: gate.minAbsoluteChange,
        passed: change !== null && change >= gate.minAbsoluteChange - 1e-12,
        message: `${gate.metric} improves on the champion (${fmt(
          baseline,
        )}) by ${fmt(change)}, needs ${fmt(gate.minAbsoluteChange)}`,
      });
    }
    if (gate.minRelativeChange !== undefined && baseline !== null) {
      const change =
        value === null || baseline === 0
          ? null
          : improvement(value, baseline) / Math.abs(baseline);
      checks.push({
        ...common,
        kind: 'min-relative-change',
        baseline,
        threshold: gate.minRelativeChange,
        passed: change !== null && change >= gate.minRelativeChange - 1e-12,
        message: `${gate.metric} improves on the champion (${fmt(
          baseline,
        )}) by ${
          change === null
            ? 'an unknown share'
            : `${(change * 100).toFixed(2)} %`
        }, needs ${(gate.minRelativeChange * 100).toFixed(2)} %`,
      });
    }
  }
  const blocking = checks.filter(c => !c.passed && !c.advisory);
  return {
    decision: blocking.length === 0 ? 'promote' : 'reject',
    checks,
    reasons: blocking.map(c => c.message),
  };
}

function finiteOrNull(v: number | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Serving metrics of one version over a bake window.
 *
 * @public
 */
export type ServingWindowMetrics = Schemas['ServingWindowMetrics'];
/** @public */
export type HealthCheckResult = Schemas['HealthCheckResult'];
/** @public */
export type HealthOutcome = HealthCheckResult['outcome'];

const rate = (m: ServingWindowMetrics) =>
  m.requests > 0 ? m.errors / m.requests : 0;

/**
 * A canary step's health check from serving metrics (as SageMaker guardrails and Argo Rollouts
 * analyses do): Failed when the challenger is slower or fails more than the policy allows,
 * Inconclusive when it served too little traffic to judge (a human decides), else Successful.
 *
 * @public
 */
export function evaluateHealth(
  policy: HealthCheckPolicy,
  challenger: ServingWindowMetrics,
  champion: ServingWindowMetrics,
): HealthCheckResult {
  const challengerRate = rate(challenger);
  const championRate = rate(champion);
  const latencyBounds = [
    champion.p99LatencyMs !== undefined
      ? champion.p99LatencyMs * policy.maxP99LatencyRatio
      : undefined,
    policy.maxP99LatencyMs,
  ].filter((v): v is number => v !== undefined);
  const maxP99LatencyMs = latencyBounds.length
    ? Math.min(...latencyBounds)
    : null;
  const maxErrorRate = championRate + policy.maxErrorRateIncrease;
  const evidence = {
    challenger: { ...challenger, errorRate: challengerRate },
    champion: { ...champion, errorRate: championRate },
    maxP99LatencyMs,
    maxErrorRate,
  };
  const reasons: string[] = [];
  if (challenger.requests > 0 && challengerRate > maxErrorRate) {
    reasons.push(
      `error rate ${(challengerRate * 100).toFixed(2)} % exceeds ${(
        maxErrorRate * 100
      ).toFixed(2)} %`,
    );
  }
  if (
    maxP99LatencyMs !== null &&
    challenger.p99LatencyMs !== undefined &&
    challenger.p99LatencyMs > maxP99LatencyMs
  ) {
    reasons.push(
      `p99 latency ${challenger.p99LatencyMs.toFixed(
        0,
      )} ms exceeds ${maxP99LatencyMs.toFixed(0)} ms`,
    );
  }
  if (reasons.length > 0) {
    return { outcome: 'Failed', evidence, reasons };
  }
  if (challenger.requests === 0) {
    const measured = challenger.minutes;
    return {
      outcome: 'Inconclusive',
      evidence,
      reasons: [
        `no requests reached the challenger during the window${
          measured === undefined
            ? ''
            : ` (${measured} minute${measured === 1 ? '' : 's'} measured)`
        }: no traffic, nothing to judge`,
      ],
    };
  }
  if (challenger.requests < policy.minRequests) {
    return {
      outcome: 'Inconclusive',
      evidence,
      reasons: [
        `only ${challenger.requests} requests reached the challenger (${policy.minRequests} needed to judge)`,
      ],
    };
  }
  if (challenger.p99LatencyMs === undefined) {
    return {
      outcome: 'Inconclusive',
      evidence,
      reasons: ['no latency measured for the challenger'],
    };
  }
  return { outcome: 'Successful', evidence, reasons: [] };
}

/** @public */
export interface RetrainDecision {
  retrain: boolean;
  reasons: string[];
  /** when the cooldown ends, if it is what holds retraining back */
  cooldownUntil?: string;
}

/**
 * The retraining rule: drift in N of the last M windows, or a live metric below its floor, and
 * not within the cooldown after the previous retrain.
 *
 * @public
 */
export function evaluateRetrain(
  policy: RetrainPolicy,
  input: {
    /** drift statuses of recent windows, newest last */
    windowStatuses: Array<'stable' | 'warning' | 'drift'>;
    liveMetrics?: Metrics;
    lastRetrainAt?: Date;
    now: Date;
  },
): RetrainDecision {
  const reasons: string[] = [];
  if (policy.drift) {
    const recent = input.windowStatuses.slice(-policy.drift.ofLastWindows);
    const drifting = recent.filter(s => s === 'drift').length;
    if (drifting >= policy.drift.windowsInDrift) {
      reasons.push(
        `drift in ${drifting} of the last ${recent.length} windows (rule: ${policy.drift.windowsInDrift} of ${policy.drift.ofLastWindows})`,
      );
    }
  }
  for (const [metric, floor] of Object.entries(policy.metricFloors ?? {})) {
    const value = input.liveMetrics?.[metric as TournamentMetric];
    if (typeof value === 'number' && floor !== undefined && value < floor) {
      reasons.push(`${metric} ${value.toFixed(4)} is below its floor ${floor}`);
    }
  }
  if (reasons.length === 0) {
    return { retrain: false, reasons: [] };
  }
  if (input.lastRetrainAt) {
    const until = new Date(
      input.lastRetrainAt.getTime() + policy.cooldownHours * 3_600_000,
    );
    if (until > input.now) {
      return {
        retrain: false,
        reasons: [
          ...reasons,
          `cooling down after the retrain at ${input.lastRetrainAt.toISOString()}`,
        ],
        cooldownUntil: until.toISOString(),
      };
    }
  }
  return { retrain: true, reasons };
}
