import type { components } from '../schema/openapi.generated';

/**
 * The catalog contract of fmlops: annotations on a `Resource` of `spec.type: ml-model`
 * (and optionally on its `Component` of `spec.type: ml-pipeline`) that tell the portal
 * where the model lives in Databricks. Documented in the plugin README.
 */

/**
 * Workspace alias the model is served from: one of the aliases under `fmlops.workspaces` (dev, acc, prd).
 *
 * @public
 */
export const ANNOTATION_WORKSPACE = 'databricks.com/workspace';
/**
 * Unity Catalog three-level name of the registered model, `catalog.schema.model`.
 *
 * @public
 */
export const ANNOTATION_UC_MODEL = 'databricks.com/uc-model';
/**
 * Name of the Model Serving endpoint that serves the model.
 *
 * @public
 */
export const ANNOTATION_SERVING_ENDPOINT = 'databricks.com/serving-endpoint';
/**
 * MLflow experiment id (numeric) or path (`/Shared/...`) where the tournament logs its runs.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_EXPERIMENT = 'databricks.com/mlflow-experiment';
/**
 * Job id of the tournament (training) job: retraining runs it.
 *
 * @public
 */
export const ANNOTATION_TOURNAMENT_JOB = 'databricks.com/tournament-job-id';
/**
 * Job id of the promotion job: it copies a version from the previous environment's model into
 * this one's (MLflow `copy_model_version`), which promote-to-env runs.
 *
 * @public
 */
export const ANNOTATION_PROMOTION_JOB = 'databricks.com/promotion-job-id';
/**
 * Job id of the drift job.
 *
 * @public
 */
export const ANNOTATION_DRIFT_JOB = 'databricks.com/drift-job-id';
/**
 * Unity Catalog table the drift job writes (one row per window and feature).
 *
 * @public
 */
export const ANNOTATION_DRIFT_TABLE = 'databricks.com/drift-table';
/**
 * Delta Live Tables pipeline id (bronze → silver → gold).
 *
 * @public
 */
export const ANNOTATION_DLT_PIPELINE = 'databricks.com/dlt-pipeline-id';
/**
 * Name of a policy under `fmlops.policies`, or a repository path of a policy file.
 *
 * @public
 */
export const ANNOTATION_POLICY = 'fmlops.io/policy';

/**
 * The project's own thresholds, as compact JSON (the generated project's catalog_sync writes it
 * from project_config.yml): `{"gates": [{"metric", "threshold"?, "minAbsoluteChange"?,
 * "minRelativeChange"?}], "rollout": {"strategy"?, "steps"?, "bakeMinutes"?, "autoRollback"?,
 * "health": {...}}, "promotion": {"requireApproval"?}}`.
 *
 * @public
 */
export const ANNOTATION_POLICY_OVERRIDES = 'fmlops.io/policy-overrides';

/**
 * The Databricks tag that binds a serving endpoint, a Unity Catalog model (as an MLflow
 * registered-model tag) or a job to the catalog entities that may operate it: their entity refs,
 * separated by spaces, e.g. `resource:default/card-fraud-detector component:default/card-fraud-detector-pipeline`.
 * Only the resource's owners can set it (CAN_MANAGE on an endpoint or a job, APPLY TAG on a
 * model), unlike an annotation, which whoever registers a catalog-info.yaml writes. The key is
 * lower-case letters and hyphens only: valid as an AWS, Azure or GCP tag or label, where
 * Databricks propagates job tags to cloud resources.
 *
 * @public
 */
export const BINDING_TAG = 'fmlops-entity-refs';

/**
 * The entity refs a binding tag's value names, canonical (`kind:namespace/name`, lower case; the
 * namespace defaults to `default`). Tokens that are not entity refs with a kind are ignored.
 *
 * @public
 */
export function boundEntityRefs(tagValue: string | undefined): string[] {
  return (tagValue ?? '')
    .split(/[\s,]+/)
    .map(canonicalEntityRef)
    .filter((ref): ref is string => Boolean(ref));
}

/**
 * `kind:namespace/name` in lower case, or undefined when `ref` is not an entity ref with a kind.
 *
 * @public
 */
export function canonicalEntityRef(ref: string): string | undefined {
  const match = /^([^:/\s]+):(?:([^:/\s]+)\/)?([^:/\s]+)$/.exec(ref.trim());
  if (!match) {
    return undefined;
  }
  const [, kind, namespace = 'default', name] = match;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * The catalog `spec.type` of a model resource and of its pipeline component.
 *
 * @public
 */
export const ML_MODEL_TYPE = 'ml-model';
/** @public */
export const ML_PIPELINE_TYPE = 'ml-pipeline';

/**
 * Workspace aliases fmlops knows. Deployments may add others in config.
 *
 * @public
 */
export const WORKSPACE_ALIASES = ['dev', 'acc', 'prd'] as const;
/** @public */
export type WorkspaceAlias = (typeof WORKSPACE_ALIASES)[number];

/**
 * Annotations without which fmlops cannot show a model.
 *
 * @public
 */
export const REQUIRED_ANNOTATIONS = [
  ANNOTATION_WORKSPACE,
  ANNOTATION_UC_MODEL,
  ANNOTATION_SERVING_ENDPOINT,
] as const;

/**
 * The Databricks coordinates of a model, read from its entity (as the overview serves them).
 *
 * @public
 */
export type ModelCoordinates = components['schemas']['ModelCoordinates'];
