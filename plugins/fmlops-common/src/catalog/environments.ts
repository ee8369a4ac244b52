import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_DLT_PIPELINE,
  ANNOTATION_DRIFT_JOB,
  ANNOTATION_DRIFT_TABLE,
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_POLICY,
  ANNOTATION_PROMOTION_JOB,
  ANNOTATION_SERVING_ENDPOINT,
  ANNOTATION_TOURNAMENT_JOB,
  ANNOTATION_UC_MODEL,
  ANNOTATION_WORKSPACE,
  ModelCoordinates,
  REQUIRED_ANNOTATIONS,
  WORKSPACE_ALIASES,
} from './annotations';

/**
 * A model across environments (the Databricks Asset Bundle targets dev, acc, prd). One entity
 * names every environment's coordinates with environment-scoped annotations: the environment's
 * name is put before the annotation's name, `databricks.com/prd.uc-model`,
 * `databricks.com/prd.serving-endpoint`, `fmlops.io/prd.policy`. An entity with only the plain
 * annotations is a model in one environment, named after its workspace alias, as before.
 */

/**
 * The environments of a model in promotion order, e.g. `dev acc prd` (spaces or commas). Without
 * it the order is dev, acc, prd, then any other environment alphabetically.
 *
 * @public
 */
export const ANNOTATION_ENVIRONMENTS = 'fmlops.io/environments';

/** @public */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * One environment of a model and its Databricks coordinates there.
 *
 * @public
 */
export interface ModelEnvironment {
  name: string;
  coordinates: ModelCoordinates;
}

const SCOPED_KEYS = [
  ANNOTATION_WORKSPACE,
  ANNOTATION_UC_MODEL,
  ANNOTATION_SERVING_ENDPOINT,
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_TOURNAMENT_JOB,
  ANNOTATION_DRIFT_JOB,
  ANNOTATION_DRIFT_TABLE,
  ANNOTATION_DLT_PIPELINE,
  ANNOTATION_PROMOTION_JOB,
  ANNOTATION_POLICY,
] as const;

/**
 * The environment-scoped form of an annotation: `databricks.com/uc-model` in prd is
 * `databricks.com/prd.uc-model`.
 *
 * @public
 */
export function environmentAnnotation(annotation: string, env: string): string {
  const slash = annotation.indexOf('/');
  return `${annotation.slice(0, slash + 1)}${env}.${annotation.slice(
    slash + 1,
  )}`;
}

function valueOf(
  annotations: Record<string, string>,
  key: string,
): string | undefined {
  return annotations[key]?.trim() || undefined;
}

/** Environments named by env-scoped annotations (`databricks.com/<env>.uc-model` and the like). */
function scopedEnvironmentNames(annotations: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(annotations)) {
    for (const base of SCOPED_KEYS) {
      const slash = base.indexOf('/');
      const prefix = base.slice(0, slash + 1);
      const suffix = `.${base.slice(slash + 1)}`;
      if (key.startsWith(prefix) && key.endsWith(suffix)) {
        const env = key.slice(prefix.length, key.length - suffix.length);
        if (ENVIRONMENT_NAME_PATTERN.test(env)) names.add(env);
      }
    }
  }
  return [...names];
}

function promotionOrder(a: string, b: string): number {
  const known = WORKSPACE_ALIASES as readonly string[];
  const rank = (n: string) =>
    known.includes(n) ? known.indexOf(n) : known.length;
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The environment names an entity declares, in promotion order, complete or not. */
function declaredEnvironmentNames(
  annotations: Record<string, string>,
): string[] {
  const listed = valueOf(annotations, ANNOTATION_ENVIRONMENTS)
    ?.split(/[\s,]+/)
    .filter(n => ENVIRONMENT_NAME_PATTERN.test(n));
  if (listed?.length) {
    return [...new Set(listed)];
  }
  const names = new Set(scopedEnvironmentNames(annotations));
  // the plain annotations are the environment of their workspace alias, whatever it is named
  const plainWorkspace = valueOf(annotations, ANNOTATION_WORKSPACE);
  if (plainWorkspace) {
    names.add(plainWorkspace);
  }
  return [...names].sort(promotionOrder);
}

/**
 * The value of an annotation in an environment: its scoped form, else the plain annotation when
 * the plain annotations describe this environment (their workspace alias is its name). The
 * policy alone is shared: a plain `fmlops.io/policy` applies to every environment without its own.
 */
function scopedValue(
  annotations: Record<string, string>,
  env: string,
  key: string,
): string | undefined {
  const scoped = valueOf(annotations, environmentAnnotation(key, env));
  if (scoped) return scoped;
  const plainEnvironment = valueOf(annotations, ANNOTATION_WORKSPACE);
  if (key === ANNOTATION_POLICY || plainEnvironment === env) {
    return valueOf(annotations, key);
  }
  return undefined;
}

function coordinatesIn(
  annotations: Record<string, string>,
  env: string,
): ModelCoordinates | undefined {
  const get = (key: string) => scopedValue(annotations, env, key);
  const ucModel = get(ANNOTATION_UC_MODEL);
  const servingEndpoint = get(ANNOTATION_SERVING_ENDPOINT);
  if (!ucModel || !servingEndpoint) {
    return undefined;
  }
  return {
    // an environment runs in the workspace of its own name unless it says otherwise
    workspace: get(ANNOTATION_WORKSPACE) ?? env,
    ucModel,
    servingEndpoint,
    mlflowExperiment: get(ANNOTATION_MLFLOW_EXPERIMENT),
    tournamentJobId: get(ANNOTATION_TOURNAMENT_JOB),
    driftJobId: get(ANNOTATION_DRIFT_JOB),
    driftTable: get(ANNOTATION_DRIFT_TABLE),
    dltPipelineId: get(ANNOTATION_DLT_PIPELINE),
    promotionJobId: get(ANNOTATION_PROMOTION_JOB),
    policy: get(ANNOTATION_POLICY),
  };
}

/**
 * Every complete environment of the model (one with a Unity Catalog model and a serving
 * endpoint), in promotion order. Empty when the entity is not an fmlops model.
 *
 * @public
 */
export function getModelEnvironments(entity: Entity): ModelEnvironment[] {
  const annotations = entity.metadata.annotations ?? {};
  return declaredEnvironmentNames(annotations).flatMap(name => {
    const coordinates = coordinatesIn(annotations, name);
    return coordinates ? [{ name, coordinates }] : [];
  });
}

/**
 * The annotations each declared environment lacks (env-scoped names), for an empty state that
 * says what to add. Empty when every declared environment is complete.
 *
 * @public
 */
export function missingEnvironmentAnnotations(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  return declaredEnvironmentNames(annotations).flatMap(env =>
    [ANNOTATION_UC_MODEL, ANNOTATION_SERVING_ENDPOINT]
      .filter(key => !scopedValue(annotations, env, key))
      .map(key => environmentAnnotation(key, env)),
  );
}

/**
 * The environment a page opens on: prd when the model has one, else the last in promotion order
 * (the one closest to production).
 *
 * @public
 */
export function defaultEnvironment(
  environments: ModelEnvironment[],
): ModelEnvironment | undefined {
  return (
    environments.find(e => e.name === 'prd') ??
    environments[environments.length - 1]
  );
}

/**
 * The environment of that name, or the default one when no name is given.
 *
 * @public
 */
export function findEnvironment(
  environments: ModelEnvironment[],
  name: string | undefined,
): ModelEnvironment | undefined {
  return name === undefined
    ? defaultEnvironment(environments)
    : environments.find(e => e.name === name);
}

/**
 * The environment a version is promoted from into `name`: the one before it in promotion order.
 *
 * @public
 */
export function previousEnvironment(
  environments: ModelEnvironment[],
  name: string,
): ModelEnvironment | undefined {
  const index = environments.findIndex(e => e.name === name);
  return index > 0 ? environments[index - 1] : undefined;
}

/**
 * The environments before `name` in promotion order, nearest first: where a version copied into
 * `name` may have come from (and where the run that trained it lives).
 *
 * @public
 */
export function environmentsBefore(
  environments: ModelEnvironment[],
  name: string,
): ModelEnvironment[] {
  const index = environments.findIndex(e => e.name === name);
  return environments.slice(0, Math.max(index, 0)).reverse();
}

/**
 * The environment a version in `name` is promoted to next, if any.
 *
 * @public
 */
export function nextEnvironment(
  environments: ModelEnvironment[],
  name: string,
): ModelEnvironment | undefined {
  const index = environments.findIndex(e => e.name === name);
  return index >= 0 ? environments[index + 1] : undefined;
}

/**
 * True when the entity names at least one complete environment: fmlops can show it.
 *
 * @public
 */
export function isFmlopsAvailable(entity: Entity): boolean {
  return getModelEnvironments(entity).length > 0;
}

/**
 * The annotations an entity lacks, for an empty state that says what to add: the plain required
 * annotations, or the env-scoped ones of the environments it declares.
 *
 * @public
 */
export function missingFmlopsAnnotations(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const declaresEnvironments =
    Boolean(valueOf(annotations, ANNOTATION_ENVIRONMENTS)) ||
    scopedEnvironmentNames(annotations).length > 0;
  if (declaresEnvironments) {
    return missingEnvironmentAnnotations(entity);
  }
  return REQUIRED_ANNOTATIONS.filter(a => !valueOf(annotations, a));
}

/**
 * The coordinates of the model in its default environment (prd first), or undefined when the
 * entity names no complete environment.
 *
 * @public
 */
export function getModelCoordinates(
  entity: Entity,
): ModelCoordinates | undefined {
  return defaultEnvironment(getModelEnvironments(entity))?.coordinates;
}
