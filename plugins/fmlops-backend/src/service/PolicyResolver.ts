import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  DEFAULT_POLICY,
  laxerRollout,
  laxerThan,
  MetricGate,
  ModelPolicy,
  PolicyOverride,
  resolvePolicy,
  RolloutPolicy,
  TOURNAMENT_METRICS,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';

/**
 * The project's own thresholds, as compact JSON (the generated project's catalog_sync writes it
 * from project_config.yml): `{"gates": [{"metric", "threshold"?, "minAbsoluteChange"?,
 * "minRelativeChange"?}], "rollout": {"strategy"?, "steps"?, "bakeMinutes"?, "autoRollback"?,
 * "health": {...}}, "promotion": {"requireApproval"?}}`.
 */
export const ANNOTATION_POLICY_OVERRIDES = 'fmlops.io/policy-overrides';

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

/**
 * Policies from app-config: `fmlops.defaultPolicy` overrides the built-in default, and
 * `fmlops.policies.<name>` are named variants a model picks with the `fmlops.io/policy`
 * annotation. `fmlops.workspacePolicies.<workspace>` names the policy an admin pinned for a
 * workspace: the least a model there runs under. A model whose own policy is laxer (`laxerThan`)
 * runs under the pinned one, and its evaluation names it. Invalid policies, and pins naming no
 * policy, fail at start-up with every problem named. A model's `fmlops.io/policy-overrides`
 * annotation (its project's own thresholds) tightens the policy it names, never loosens it.
 */
export class PolicyResolver {
  private readonly named = new Map<string, ModelPolicy>();
  private readonly pinned = new Map<string, ModelPolicy>();

  static fromConfig(config: Config): PolicyResolver {
    const read = (c: Config | undefined) =>
      c ? (c.get() as PolicyOverride) : undefined;
    const fmlops = config.getOptionalConfig('fmlops');
    const base = resolvePolicy(
      DEFAULT_POLICY,
      read(fmlops?.getOptionalConfig('defaultPolicy')),
    );
    const resolver = new PolicyResolver(base);
    const policies = fmlops?.getOptionalConfig('policies');
    for (const name of policies?.keys() ?? []) {
      resolver.named.set(
        name,
        resolvePolicy(base, { name }, read(policies!.getConfig(name))),
      );
    }
    const pins = fmlops?.getOptionalConfig('workspacePolicies');
    for (const workspace of pins?.keys() ?? []) {
      const name = pins!.getString(workspace);
      const policy = name === base.name ? base : resolver.named.get(name);
      if (!policy) {
        throw new Error(
          `fmlops.workspacePolicies.${workspace} names the policy ${name}, which is not under fmlops.policies`,
        );
      }
      resolver.pinned.set(workspace, policy);
    }
    return resolver;
  }

  constructor(private readonly base: ModelPolicy) {}

  /**
   * The policy the model runs under: the one it names (the default for an unknown name), unless
   * that is laxer than its workspace's pinned policy, which then applies instead.
   */
  policyFor(model: ResolvedModel): ModelPolicy {
    const chosen = this.chosenPolicy(model);
    const pinned = this.pinned.get(model.coordinates.workspace);
    return pinned && laxerThan(chosen, pinned).length > 0 ? pinned : chosen;
  }

  /** Why the model runs under its workspace's pinned policy instead of its own; undefined when it does not. */
  pinExplanation(model: ResolvedModel): string | undefined {
    const { workspace } = model.coordinates;
    const chosen = this.chosenPolicy(model);
    const pinned = this.pinned.get(workspace);
    const laxer = pinned ? laxerThan(chosen, pinned) : [];
    return laxer.length > 0
      ? `the policy ${chosen.name} is laxer than ${
          pinned!.name
        }, the policy pinned for workspace ${workspace} (${laxer.join(
          '; ',
        )}): ${pinned!.name} applies`
      : undefined;
  }

  /**
   * Refuses a request's own roll-out (strategy and steps) when it is laxer than the one pinned
   * for the model's workspace. Elsewhere a request may choose freely.
   */
  assertRolloutAllowed(
    model: ResolvedModel,
    rollout: Pick<RolloutPolicy, 'strategy' | 'steps'>,
  ): void {
    const { workspace } = model.coordinates;
    const pinned = this.pinned.get(workspace);
    if (!pinned) {
      return;
    }
    const laxer = laxerRollout(
      { ...this.policyFor(model).rollout, ...rollout },
      pinned.rollout,
    );
    if (laxer.length > 0) {
      throw new NotAllowedError(
        `Workspace ${workspace} pins the policy ${
          pinned.name
        }: this promotion would be laxer (${laxer.join(
          '; ',
        )}). Promote with the policy's roll-out, or a stricter one.`,
      );
    }
  }

  names(): string[] {
    return [...this.named.keys()];
  }

  private chosenPolicy(model: ResolvedModel): ModelPolicy {
    const name = model.coordinates.policy;
    return tightenPolicy(
      (name && this.named.get(name)) || this.base,
      model.entity.metadata.annotations?.[ANNOTATION_POLICY_OVERRIDES],
    );
  }
}
