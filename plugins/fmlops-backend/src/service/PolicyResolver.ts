import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  ANNOTATION_POLICY_OVERRIDES,
  DEFAULT_POLICY,
  laxerRollout,
  laxerThan,
  ModelPolicy,
  PolicyOverride,
  resolvePolicy,
  RolloutPolicy,
  tightenPolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';

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
