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
  getModelCoordinates,
  isFmlopsAvailable,
  missingFmlopsAnnotations,
  ML_MODEL_TYPE,
  ModelCoordinates,
} from '@fmlops/backstage-plugin-fmlops-common';

export interface ResolvedModel {
  entity: Entity;
  entityRef: string;
  coordinates: ModelCoordinates;
}

/** Finds models in the catalog and checks the caller's permissions on them. */
export class ModelCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
  ) {}

  /**
   * The model an entity ref names, if the caller can see it, it carries the fmlops annotations
   * and the caller holds the permission on it. 404 / 403 with a message otherwise.
   */
  async resolve(
    ref: { kind: string; namespace: string; name: string },
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<ResolvedModel> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const coordinates = getModelCoordinates(entity);
    if (!coordinates) {
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
    return { entity, entityRef, coordinates };
  }

  /** The model an entity describes, or undefined when it lacks the annotations. */
  toModel(entity: Entity): ResolvedModel | undefined {
    const coordinates = getModelCoordinates(entity);
    return coordinates
      ? { entity, entityRef: stringifyEntityRef(entity), coordinates }
      : undefined;
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
    const models = items.filter(isFmlopsAvailable).map(entity => ({
      entity,
      entityRef: stringifyEntityRef(entity),
      coordinates: getModelCoordinates(entity)!,
    }));
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
