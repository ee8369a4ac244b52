import type { catalog } from '@databricks/sdk-experimental';
import { ApiError } from '../domain/errors';
import { VersionProfile } from '../domain/scenario';
import { Metastore, ModelState, WorkspaceStore } from './store';
import { newModelState, nextVersion, versionInfo } from './unityCatalog';

/**
 * The promotion job's task: MLflow's `MlflowClient.copy_model_version(src_model_uri, dst_name)`,
 * which Databricks documents for copying a version between registered models (parity/sources.ts
 * docsCopyModelVersion). MLflow's store creates the destination model unless it exists, then
 * registers a version whose `source` is `models:/<src>/<v>`, with the source's `run_id` and tags
 * (mlflowCopyModelVersion). The job adds the lineage tags fmlops reads. The metastore is shared, so
 * a job in acc copies a dev version into the acc catalog.
 */

/** The job parameters the promotion job reads (run-now `job_parameters`). */
export const PROMOTION_PARAMETERS = [
  'source_model',
  'source_version',
  'target_model',
  'source_environment',
] as const;

/** The tags a copied version carries, naming where it came from. */
export const LINEAGE_TAGS = {
  model: 'fmlops.source_model',
  version: 'fmlops.source_version',
  environment: 'fmlops.source_environment',
} as const;

const MODEL_URI = /^models:\/([^/]+)\/(\d+)$/;
const THREE_PART = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/i;

/** A failure of the task, with the message the run's `state_message` shows. */
export class TaskFailure extends Error {}

/** Copies the version the parameters name; throws TaskFailure when they do not name one. */
export function copyModelVersion(
  store: WorkspaceStore,
  params: Partial<Record<(typeof PROMOTION_PARAMETERS)[number], string>>,
  at: number,
  generated?: GeneratedPromotionTask,
): catalog.ModelVersionInfo {
  const sourceName = params.source_model?.trim();
  const sourceVersion = Number(params.source_version);
  const targetName = params.target_model?.trim();
  if (!sourceName || !targetName || !params.source_version) {
    throw new TaskFailure(
      'The job parameters source_model, source_version and target_model are required.',
    );
  }
  if (!Number.isInteger(sourceVersion) || sourceVersion < 1) {
    throw new TaskFailure(
      `source_version must be a version number, got '${params.source_version}'.`,
    );
  }
  if (!THREE_PART.test(targetName)) {
    throw new TaskFailure(
      `target_model '${targetName}' is not a Unity Catalog name catalog.schema.model.`,
    );
  }
  if (generated) checkGeneratedTask(sourceName, targetName, generated);
  const source = store.models.get(sourceName)?.versions.get(sourceVersion);
  if (!source) {
    throw new TaskFailure(
      `RESOURCE_DOES_NOT_EXIST: Model version ${sourceVersion} of '${sourceName}' does not exist.`,
    );
  }
  const target = targetModel(store, targetName, at);
  const earlier = generated
    ? earlierCopy(target, sourceName, sourceVersion)
    : undefined;
  if (earlier) {
    // the generated task tags an earlier copy again instead of copying twice
    target.versionTags = {
      ...target.versionTags,
      [String(earlier.version)]: {
        ...target.versionTags?.[String(earlier.version)],
        ...lineageTags(sourceName, sourceVersion, params.source_environment),
      },
    };
    return earlier;
  }
  const version = nextVersion(target);
  // a version's record, naming the source version, its run (the run id only shapes the source path
  // overridden here) and its comment
  const info: catalog.ModelVersionInfo = {
    ...versionInfo(
      target,
      version,
      source.run_id ?? '',
      at,
      source.run_workspace_id,
    ),
    source: `models:/${sourceName}/${sourceVersion}`,
    run_id: source.run_id,
    comment: source.comment,
    created_by: 'fmlops-promotion@fmlops.example',
  };
  target.versions.set(version, info);
  const sourceTags =
    store.models.get(sourceName)?.versionTags?.[String(sourceVersion)] ?? {};
  target.versionTags = {
    ...target.versionTags,
    [String(version)]: {
      ...sourceTags,
      ...lineageTags(sourceName, sourceVersion, params.source_environment),
    },
  };
  const profile = servingProfileOf(store.metastore, sourceName, sourceVersion);
  if (profile) {
    target.versionProfiles = {
      ...target.versionProfiles,
      [String(version)]: { ...profile },
    };
  }
  return info;
}

/**
 * The task of a generated project's promotion job (its jobs/promote_model_version.py), which
 * wraps copy_model_version: it refuses any target but its environment's own model and a copy
 * within one model, and finds a copy an earlier run made (same source, or the lineage tags).
 */
export interface GeneratedPromotionTask {
  /** its `--allowed-target-model` */
  allowedTarget: string;
}

function checkGeneratedTask(
  sourceName: string,
  targetName: string,
  task: GeneratedPromotionTask,
) {
  if (targetName !== task.allowedTarget) {
    throw new TaskFailure(
      `cannot promote: target_model ${targetName} is not this environment's model ${task.allowedTarget}`,
    );
  }
  if (sourceName === targetName) {
    throw new TaskFailure(
      'cannot promote: source_model and target_model are the same model: promotion copies between environments',
    );
  }
}

function earlierCopy(
  target: ModelState,
  sourceName: string,
  sourceVersion: number,
): catalog.ModelVersionInfo | undefined {
  return [...target.versions.values()]
    .sort((a, b) => Number(a.version) - Number(b.version))
    .find(v => {
      const tags = target.versionTags?.[String(v.version)] ?? {};
      return (
        v.source === `models:/${sourceName}/${sourceVersion}` ||
        (tags[LINEAGE_TAGS.model] === sourceName &&
          tags[LINEAGE_TAGS.version] === String(sourceVersion))
      );
    });
}

function lineageTags(
  sourceName: string,
  sourceVersion: number,
  sourceEnvironment?: string,
): Record<string, string> {
  return {
    [LINEAGE_TAGS.model]: sourceName,
    [LINEAGE_TAGS.version]: String(sourceVersion),
    ...(sourceEnvironment
      ? { [LINEAGE_TAGS.environment]: sourceEnvironment }
      : {}),
  };
}

/** The destination model; created if absent, as MLflow's copy does (its schema must exist). */
function targetModel(
  store: WorkspaceStore,
  fullName: string,
  at: number,
): ModelState {
  const existing = store.models.get(fullName);
  if (existing) return existing;
  let model: ModelState;
  try {
    model = newModelState(store, fullName, at);
  } catch (e) {
    // the task fails with the API's answer, as MLflow's client raises it
    if (e instanceof ApiError)
      throw new TaskFailure(`${e.errorCode}: ${e.message}`);
    throw e;
  }
  store.models.set(fullName, model);
  return model;
}

/**
 * How a version behaves when served: its own recorded profile, else the profile of an endpoint
 * serving it in any workspace, else (a copy) its source's. The same artifact behaves alike.
 */
export function servingProfileOf(
  metastore: Metastore,
  modelName: string,
  version: number,
): VersionProfile | undefined {
  let name = modelName;
  let v = version;
  // a copy of a copy names its source in turn; a few hops reach the version that was trained
  for (let hop = 0; hop < 8; hop++) {
    const model = metastore.models.get(name);
    const own = model?.versionProfiles?.[String(v)];
    if (own) return own;
    const served = servedProfile(metastore, name, String(v));
    if (served) return served;
    const from = MODEL_URI.exec(model?.versions.get(v)?.source ?? '');
    if (!from) return undefined;
    name = from[1];
    v = Number(from[2]);
  }
  return undefined;
}

/** The profile of an endpoint serving the version, in any workspace. */
function servedProfile(
  metastore: Metastore,
  name: string,
  version: string,
): VersionProfile | undefined {
  for (const ws of metastore.workspaces) {
    for (const e of ws.endpoints.values()) {
      const serves = [...e.served, ...(e.pending?.served ?? [])].some(
        s => s.entityName === name && s.entityVersion === version,
      );
      const profile = serves ? e.profiles.get(version) : undefined;
      if (profile) return profile;
    }
  }
  return undefined;
}
