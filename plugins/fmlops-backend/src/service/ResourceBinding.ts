import { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { BINDING_TAG } from '@fmlops/backstage-plugin-fmlops-common';
import type { jobs, serving } from '@fmlops/backstage-plugin-fmlops-node';
import {
  BoundResource,
  ConfigBinding,
  decideBinding,
  ResourceTag,
} from './bindingDecision';

/** The Databricks reads a binding check needs; the gateway provides them. */
export interface BindingPort {
  getServingEndpoint(
    workspace: string,
    name: string,
  ): Promise<serving.ServingEndpointDetailed>;
  getRegisteredModelTags(
    workspace: string,
    fullName: string,
  ): Promise<Record<string, string>>;
  getJob(workspace: string, jobId: string): Promise<jobs.Job>;
}

/**
 * How long a resource's tags are trusted (`fmlops.bindingCacheSeconds`): a binding its owners
 * remove stops operations this soon.
 */
export const BINDING_CACHE_MS = 30_000;

/**
 * Checks that an entity may operate the Databricks resources it names (`./bindingDecision`),
 * reading their binding tags through the gateway. Tags are cached briefly per resource, and
 * concurrent checks of one resource share one read. A resource Databricks cannot find is unbound;
 * any other failure to read it fails the check (an operation waits rather than acts unchecked).
 */
export class ResourceBinding {
  private readonly tags = new Map<
    string,
    { expiresAt: number; fact: Promise<ResourceTag> }
  >();
  private readonly now: () => number;

  static fromConfig(config: Config, port: BindingPort): ResourceBinding {
    const seconds = config.getOptionalNumber('fmlops.bindingCacheSeconds');
    return new ResourceBinding(port, readConfigBindings(config), {
      cacheMs: seconds === undefined ? undefined : seconds * 1000,
    });
  }

  private readonly cacheMs: number;

  constructor(
    private readonly port: BindingPort,
    private readonly configBindings: ConfigBinding[],
    options: { now?: () => number; cacheMs?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? BINDING_CACHE_MS;
  }

  /** Throws NotAllowedError, saying how to bind them, unless every resource is bound to the entity. */
  async assertBound(
    entityRef: string,
    resources: BoundResource[],
  ): Promise<void> {
    const facts = await Promise.all(resources.map(r => this.tagOf(r)));
    const decision = decideBinding(entityRef, facts, this.configBindings);
    if (!decision.bound) {
      throw new NotAllowedError(decision.message);
    }
  }

  /** The reason the entity may not operate the resources, or undefined when it may. */
  async refusal(
    entityRef: string,
    resources: BoundResource[],
  ): Promise<string | undefined> {
    try {
      await this.assertBound(entityRef, resources);
      return undefined;
    } catch (error) {
      if (error instanceof NotAllowedError) {
        return error.message;
      }
      throw error;
    }
  }

  private tagOf(resource: BoundResource): Promise<ResourceTag> {
    const key = `${resource.kind}:${resource.workspace}:${resource.name}`;
    const now = this.now();
    const cached = this.tags.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.fact;
    }
    for (const [k, entry] of this.tags) {
      if (entry.expiresAt <= now) this.tags.delete(k);
    }
    const fact = this.readTag(resource).catch(error => {
      // a failed read is not remembered: the next check asks again
      this.tags.delete(key);
      throw error;
    });
    this.tags.set(key, { expiresAt: now + this.cacheMs, fact });
    return fact;
  }

  private async readTag(resource: BoundResource): Promise<ResourceTag> {
    const { workspace, name } = resource;
    try {
      switch (resource.kind) {
        case 'serving-endpoint': {
          const endpoint = await this.port.getServingEndpoint(workspace, name);
          return {
            resource,
            tagValue: endpoint.tags?.find(t => t.key === BINDING_TAG)?.value,
          };
        }
        case 'uc-model': {
          const tags = await this.port.getRegisteredModelTags(workspace, name);
          return { resource, tagValue: tags[BINDING_TAG] };
        }
        default: {
          const job = await this.port.getJob(workspace, name);
          return { resource, tagValue: job.settings?.tags?.[BINDING_TAG] };
        }
      }
    } catch (error) {
      if (error instanceof NotFoundError) {
        return { resource, missing: true };
      }
      throw error;
    }
  }
}

/**
 * `fmlops.bindings`: resources an admin binds to entities in app-config, for resources that cannot
 * carry the tag (or whose owners cannot set it).
 */
export function readConfigBindings(config: Config): ConfigBinding[] {
  return (config.getOptionalConfigArray('fmlops.bindings') ?? []).map(b => ({
    entityRefs: b.getStringArray('entityRefs'),
    workspace: b.getString('workspace'),
    servingEndpoint: b.getOptionalString('servingEndpoint'),
    ucModel: b.getOptionalString('ucModel'),
    jobIds: b
      .getOptional<Array<string | number>>('jobIds')
      ?.map(id => String(id)),
  }));
}
