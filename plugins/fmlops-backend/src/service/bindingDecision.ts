import {
  BINDING_TAG,
  boundEntityRefs,
  canonicalEntityRef,
  ModelCoordinates,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * Whether a catalog entity may operate the Databricks resources it names. An annotation is what
 * whoever registered the entity wrote, so it proves nothing; a binding is what the resource's
 * owners (or an admin) said: the resource's `fmlops-entity-refs` tag lists the entity, or an
 * admin's `fmlops.bindings` entry in app-config lists the entity with the resource. A tag may
 * list several entities: a model's Resource and its pipeline's Component name the same endpoint.
 * Pure: the glue in `./ResourceBinding` reads the tags.
 */

/** A Databricks resource an operation acts on: an endpoint's name, a model's full name or a job's id. */
export type BoundResource = {
  kind: 'serving-endpoint' | 'uc-model' | 'job';
  workspace: string;
  name: string;
};

/** What Databricks says of a resource: its binding tag's value, or that it does not exist. */
export interface ResourceTag {
  resource: BoundResource;
  /** the `fmlops-entity-refs` tag's value; undefined when the resource has no such tag */
  tagValue?: string;
  /** the resource does not exist (or the portal cannot see it) */
  missing?: boolean;
}

/** An admin's binding in app-config (`fmlops.bindings`), for resources that cannot carry tags. */
export interface ConfigBinding {
  entityRefs: string[];
  workspace: string;
  servingEndpoint?: string;
  ucModel?: string;
  jobIds?: string[];
}

export type BindingDecision =
  | { bound: true }
  | { bound: false; unbound: ResourceTag[]; message: string };

export const endpointOf = (
  c: Pick<ModelCoordinates, 'workspace' | 'servingEndpoint'>,
): BoundResource => ({
  kind: 'serving-endpoint',
  workspace: c.workspace,
  name: c.servingEndpoint,
});

export const ucModelOf = (
  c: Pick<ModelCoordinates, 'workspace' | 'ucModel'>,
): BoundResource => ({
  kind: 'uc-model',
  workspace: c.workspace,
  name: c.ucModel,
});

export const jobOf = (workspace: string, jobId: string): BoundResource => ({
  kind: 'job',
  workspace,
  name: jobId,
});

/**
 * The resources an operation requested of this type acts on. The endpoint always: the operation
 * holds its lock and writes its history. Pause, resume and abort act on the running operation,
 * whose every later call the controller checks again.
 */
export function resourcesToOperate(
  c: ModelCoordinates,
  type: OperationRequest['type'],
): BoundResource[] {
  switch (type) {
    case 'promote':
    case 'set-split':
    case 'rollback':
      return [endpointOf(c), ucModelOf(c)];
    case 'promote-to-env':
      return [
        endpointOf(c),
        ucModelOf(c),
        ...(c.promotionJobId ? [jobOf(c.workspace, c.promotionJobId)] : []),
      ];
    case 'retrain':
      return c.tournamentJobId
        ? [endpointOf(c), jobOf(c.workspace, c.tournamentJobId)]
        : [endpointOf(c)];
    default:
      return [endpointOf(c)];
  }
}

/** Same resource; Unity Catalog names are case-insensitive, as Unity Catalog stores them in lower case. */
export function sameResource(a: BoundResource, b: BoundResource): boolean {
  const name = (r: BoundResource) =>
    r.kind === 'uc-model' ? r.name.toLocaleLowerCase('en-US') : r.name;
  return (
    a.kind === b.kind && a.workspace === b.workspace && name(a) === name(b)
  );
}

/** The resources an admin's binding names. */
function configResources(binding: ConfigBinding): BoundResource[] {
  return [
    ...(binding.servingEndpoint
      ? [endpointOf({ ...binding, servingEndpoint: binding.servingEndpoint })]
      : []),
    ...(binding.ucModel
      ? [ucModelOf({ ...binding, ucModel: binding.ucModel })]
      : []),
    ...(binding.jobIds ?? []).map(id => jobOf(binding.workspace, id)),
  ];
}

/** Whether the entity may operate every resource: each is bound to it by its tag or by config. */
export function decideBinding(
  entityRef: string,
  facts: ResourceTag[],
  configBindings: ConfigBinding[],
): BindingDecision {
  const entity = canonicalEntityRef(entityRef) ?? entityRef;
  const byConfig = configBindings
    .filter(b => b.entityRefs.some(r => canonicalEntityRef(r) === entity))
    .flatMap(configResources);
  const unbound = facts.filter(
    fact =>
      !byConfig.some(r => sameResource(r, fact.resource)) &&
      !boundEntityRefs(fact.tagValue).includes(entity),
  );
  if (unbound.length === 0) {
    return { bound: true };
  }
  return {
    bound: false,
    unbound,
    message: `${entityRef} may not operate Databricks resources that are not bound to it: ${unbound
      .map(fact => `${describe(fact.resource)} ${state(fact)}`)
      .join('; ')}. ${howToBind(entity, unbound)}`,
  };
}

function describe(resource: BoundResource): string {
  switch (resource.kind) {
    case 'serving-endpoint':
      return `the serving endpoint ${resource.name} (workspace ${resource.workspace})`;
    case 'uc-model':
      return `the Unity Catalog model ${resource.name} (workspace ${resource.workspace})`;
    default:
      return `the job ${resource.name} (workspace ${resource.workspace})`;
  }
}

function state(fact: ResourceTag): string {
  if (fact.missing) {
    return 'does not exist';
  }
  const refs = boundEntityRefs(fact.tagValue);
  return refs.length > 0
    ? `is bound to ${refs.join(', ')}`
    : `has no ${BINDING_TAG} tag`;
}

/** What the resources' owners do to bind them, resource by resource, or what an admin does. */
function howToBind(entity: string, unbound: ResourceTag[]): string {
  const steps = unbound
    .filter(fact => !fact.missing)
    .map(({ resource }) => {
      switch (resource.kind) {
        case 'serving-endpoint':
          return `on the endpoint, PATCH /api/2.0/serving-endpoints/${resource.name}/tags (or the bundle's tags of the endpoint)`;
        case 'uc-model':
          return `on the model, MlflowClient(registry_uri="databricks-uc").set_registered_model_tag("${resource.name}", "${BINDING_TAG}", ...)`;
        default:
          return `on the job, settings.tags of job ${resource.name} (or the bundle's tags of the job)`;
      }
    });
  const tagStep =
    steps.length > 0
      ? `To bind them, their owners add ${entity} to the space-separated entity refs of the tag ${BINDING_TAG}: ${steps.join(
          '; ',
        )}. `
      : '';
  return `${tagStep}Or an admin lists them with ${entity} under fmlops.bindings in app-config.`;
}
