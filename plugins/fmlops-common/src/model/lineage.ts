import type { VersionLineage } from './operations';

/**
 * Where a model version copied from another environment came from. MLflow's
 * `copy_model_version` registers the copy with `source` `models:/<source model>/<version>` and
 * the source's run id; the promotion job of each environment also tags the copy
 * (`fmlops.source_model`, `fmlops.source_version`, `fmlops.source_environment`). Either may be
 * missing: the tags win where both say something.
 */

/**
 * The lineage tags a promotion job sets on the version it copies.
 *
 * @public
 */
export const LINEAGE_TAGS = {
  sourceModel: 'fmlops.source_model',
  sourceVersion: 'fmlops.source_version',
  sourceEnvironment: 'fmlops.source_environment',
} as const;

const MODELS_URI = /^models:\/([^/]+)\/(\d+)$/;

/**
 * A version's lineage from its `source`, its run id and its tags; undefined for a version that
 * was not copied. Without a lineage tag naming the source environment, `environments` (the
 * model's, each with its Unity Catalog model) name it when one of them holds the source model.
 *
 * @public
 */
export function versionLineage(
  version: {
    source?: string;
    runId?: string;
    tags?: Record<string, string>;
  },
  environments: Array<{ name: string; ucModel: string }> = [],
): VersionLineage | undefined {
  const fromSource = MODELS_URI.exec(version.source ?? '');
  const tags = version.tags ?? {};
  const sourceModel = tags[LINEAGE_TAGS.sourceModel] || fromSource?.[1];
  const sourceVersion = tags[LINEAGE_TAGS.sourceVersion] || fromSource?.[2];
  if (!sourceModel || !sourceVersion) {
    return undefined;
  }
  const sourceEnvironment =
    tags[LINEAGE_TAGS.sourceEnvironment] ||
    environments.find(e => sameModel(e.ucModel, sourceModel))?.name;
  return {
    sourceModel,
    sourceVersion,
    ...(sourceEnvironment ? { sourceEnvironment } : {}),
    ...(version.runId ? { runId: version.runId } : {}),
  };
}

/**
 * Whether two Unity Catalog names are the same model (Unity Catalog stores names in lower case).
 *
 * @public
 */
export function sameModel(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
