import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EnvironmentRef,
  findEnvironment,
  getModelEnvironments,
  missingFmlopsAnnotations,
  ML_MODEL_TYPE,
  ModelCoordinates,
  ModelEnvironment,
} from '@fmlops/backstage-plugin-fmlops-common';

/** A model in one of its environments. */
export interface ResolvedModel {
  entity: Entity;
  entityRef: string;
  /** the environment this is the model in (the entity's default one unless another was asked for) */
  environment: string;
  /** that environment's coordinates */
  coordinates: ModelCoordinates;
  /** every environment of the model, in promotion order */
  environments: ModelEnvironment[];
}

/** The model an entity describes in its default environment, or undefined when it names none. */
export function modelOf(entity: Entity): ResolvedModel | undefined {
  const environments = getModelEnvironments(entity);
  const env = findEnvironment(environments, undefined);
  return env
    ? {
        entity,
        entityRef: stringifyEntityRef(entity),
        environment: env.name,
        coordinates: env.coordinates,
        environments,
      }
    : undefined;
}

/**
 * The same model in the environment of that name (its default one when no name is given); a 404
 * naming the model's environments when it has none by that name.
 */
export function inEnvironment(
  model: ResolvedModel,
  name: string | undefined,
): ResolvedModel {
  const env = findEnvironment(model.environments, name);
  if (!env) {
    throw new NotFoundError(
      `${
        model.entityRef
      } has no environment ${name}; its environments are ${model.environments
        .map(e => e.name)
        .join(', ')}`,
    );
  }
  return env.name === model.environment
    ? model
    : { ...model, environment: env.name, coordinates: env.coordinates };
}

/** The same model in every one of its environments, in promotion order. */
export function everyEnvironment(model: ResolvedModel): ResolvedModel[] {
  return model.environments.map(e => inEnvironment(model, e.name));
}

/** Where each environment of the model lives, as the API shows it. */
export function environmentRefs(model: ResolvedModel): EnvironmentRef[] {
  return model.environments.map(e => ({
    name: e.name,
    workspace: e.coordinates.workspace,
    ucModel: e.coordinates.ucModel,
    servingEndpoint: e.coordinates.servingEndpoint,
  }));
}

/** Finds models in the catalog and checks the caller's permissions on them. */
export class ModelCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
  ) {}

  /**
   * The model an entity ref names in the environment `env` (default: the entity's default one),
   * if the caller can see it, it carries the fmlops annotations, the caller holds the permission
   * on it and it has that environment. 404 / 403 with a message otherwise.
   */
  async resolve(
    ref: { kind: string; namespace: string; name: string },
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<ResolvedModel> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const model = modelOf(entity);
    if (!model) {
      throw new NotFoundError(
        `${entityRef} is not an fmlops model: it lacks the annotations ${missingFmlopsAnnotations(
          entity,
        ).join(', ')}`,
      );
    }
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on ${entityRef}`,
      );
    }
    return inEnvironment({ ...model, entityRef }, env);
  }

  /** The model an entity describes (its default environment), or undefined when it lacks the annotations. */
  toModel(entity: Entity): ResolvedModel | undefined {
    return modelOf(entity);
  }

  /** Every annotated model the credentials can see (the plugin's own, for background work). */
  async listAll(credentials: BackstageCredentials): Promise<ResolvedModel[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': ML_MODEL_TYPE } },
      { credentials },
    );
    return items
      .map(e => this.toModel(e))
      .filter((m): m is ResolvedModel => Boolean(m));
  }

  /** Every annotated model the caller can see and may read. */
  async listReadable(
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<ResolvedModel[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'Resource', 'spec.type': ML_MODEL_TYPE },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.type',
          'spec.owner',
        ],
      },
      { credentials },
    );
    const models = items
      .map(modelOf)
      .filter((m): m is ResolvedModel => Boolean(m));
    if (models.length === 0) {
      return [];
    }
    const decisions = await this.permissions.authorize(
      models.map(m => ({ permission, resourceRef: m.entityRef })),
      { credentials },
    );
    return models.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }
}
