import type { MetricGate, ModelPolicy, RolloutPolicy } from './policy';

/**
 * When one policy is laxer than another: the rule behind an admin's pinned policy for a workspace
 * (`fmlops.workspacePolicies`). A candidate is at least as strict as the minimum when it lets no
 * challenger through that the minimum would stop, and rolls out no faster or with fewer checks:
 *
 * - gates: every blocking (non-advisory) gate of the minimum has a blocking gate in the candidate
 *   on the same metric and direction, whose `threshold` is at least as demanding and whose
 *   `minAbsoluteChange` / `minRelativeChange` are at least as large (each one the minimum sets);
 * - roll-out: a canary minimum needs a canary whose steps include every step of the minimum
 *   (the candidate may add steps, never skip one), bakes at least as long, rolls back
 *   automatically if the minimum does, and judges health at least as strictly: latency ratio,
 *   p99 bound and error-rate increase no higher, minimum requests no lower.
 *
 * - promotion: a minimum that requires approval needs a candidate that requires it too.
 *
 * Retraining is not compared: it only proposes a challenger, which still has to pass the gates.
 */

/**
 * Where `candidate` is laxer than `minimum`, one phrase per key; empty when it is at least as strict.
 *
 * @public
 */
export function laxerThan(
  candidate: ModelPolicy,
  minimum: ModelPolicy,
): string[] {
  return [
    ...laxerGates(candidate.gates, minimum.gates),
    ...laxerRollout(candidate.rollout, minimum.rollout),
    ...(minimum.promotion?.requireApproval &&
    !candidate.promotion?.requireApproval
      ? ['promotion.requireApproval is off']
      : []),
  ];
}

/**
 * Where a roll-out (a policy's, or a request's strategy and steps on top of it) is laxer than `minimum`.
 *
 * @public
 */
export function laxerRollout(
  candidate: RolloutPolicy,
  minimum: RolloutPolicy,
): string[] {
  const problems: string[] = [];
  if (minimum.strategy === 'canary') {
    if (candidate.strategy !== 'canary') {
      problems.push(`rollout.strategy ${candidate.strategy} skips the canary`);
    } else {
      const skipped = minimum.steps.filter(s => !candidate.steps.includes(s));
      if (skipped.length > 0) {
        problems.push(
          `rollout.steps [${candidate.steps.join(', ')}] skip the step${
            skipped.length > 1 ? 's' : ''
          } ${skipped.join(', ')} of [${minimum.steps.join(', ')}]`,
        );
      }
    }
  }
  if (candidate.bakeMinutes < minimum.bakeMinutes) {
    problems.push(
      `rollout.bakeMinutes ${candidate.bakeMinutes} < ${minimum.bakeMinutes}`,
    );
  }
  if (minimum.autoRollback && !candidate.autoRollback) {
    problems.push('rollout.autoRollback is off');
  }
  const c = candidate.health;
  const m = minimum.health;
  if (c.maxP99LatencyRatio > m.maxP99LatencyRatio) {
    problems.push(
      `rollout.health.maxP99LatencyRatio ${c.maxP99LatencyRatio} > ${m.maxP99LatencyRatio}`,
    );
  }
  if (
    m.maxP99LatencyMs !== undefined &&
    (c.maxP99LatencyMs === undefined || c.maxP99LatencyMs > m.maxP99LatencyMs)
  ) {
    problems.push(
      `rollout.health.maxP99LatencyMs ${c.maxP99LatencyMs ?? 'unset'} > ${
        m.maxP99LatencyMs
      }`,
    );
  }
  if (c.maxErrorRateIncrease > m.maxErrorRateIncrease) {
    problems.push(
      `rollout.health.maxErrorRateIncrease ${c.maxErrorRateIncrease} > ${m.maxErrorRateIncrease}`,
    );
  }
  if (c.minRequests < m.minRequests) {
    problems.push(
      `rollout.health.minRequests ${c.minRequests} < ${m.minRequests}`,
    );
  }
  return problems;
}

function laxerGates(candidate: MetricGate[], minimum: MetricGate[]): string[] {
  const blocking = (gates: MetricGate[]) => gates.filter(g => !g.advisory);
  return blocking(minimum).flatMap(required => {
    const matching = blocking(candidate).filter(
      g =>
        g.metric === required.metric &&
        g.greaterIsBetter === required.greaterIsBetter,
    );
    const best = matching.find(g => gateLaxness(g, required).length === 0);
    if (best) {
      return [];
    }
    if (matching.length === 0) {
      return [`gates: no blocking gate on ${required.metric}`];
    }
    return gateLaxness(matching[0], required);
  });
}

function gateLaxness(gate: MetricGate, required: MetricGate): string[] {
  const problems: string[] = [];
  const key = `gates[${gate.metric}]`;
  if (required.threshold !== undefined) {
    const demanding =
      gate.threshold !== undefined &&
      (gate.greaterIsBetter
        ? gate.threshold >= required.threshold
        : gate.threshold <= required.threshold);
    if (!demanding) {
      problems.push(
        `${key}.threshold ${gate.threshold ?? 'unset'} ${
          gate.greaterIsBetter ? '<' : '>'
        } ${required.threshold}`,
      );
    }
  }
  for (const change of ['minAbsoluteChange', 'minRelativeChange'] as const) {
    const needed = required[change];
    if (
      needed !== undefined &&
      (gate[change] === undefined || gate[change]! < needed)
    ) {
      problems.push(`${key}.${change} ${gate[change] ?? 'unset'} < ${needed}`);
    }
  }
  return problems;
}
