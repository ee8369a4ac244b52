import { Config } from '@backstage/config';
import {
  DEFAULT_POLICY,
  ModelPolicy,
  PolicyOverride,
  resolvePolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';

/**
 * Policies from app-config: `fmlops.defaultPolicy` overrides the built-in default, and
 * `fmlops.policies.<name>` are named variants a model picks with the `fmlops.io/policy`
 * annotation. Invalid policies fail at start-up, with every problem named.
 */
export class PolicyResolver {
  private readonly base: ModelPolicy;
  private readonly named = new Map<string, ModelPolicy>();

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
    return resolver;
  }

  constructor(base: ModelPolicy) {
    this.base = base;
  }

  /** The model's policy; an unknown name falls back to the default (the evaluation shows which). */
  policyFor(model: ResolvedModel): ModelPolicy {
    const name = model.coordinates.policy;
    return (name && this.named.get(name)) || this.base;
  }

  names(): string[] {
    return [...this.named.keys()];
  }
}
