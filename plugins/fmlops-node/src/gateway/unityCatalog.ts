import type { catalog } from '@databricks/sdk-experimental';
import {
  DatabricksConflictError,
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
} from '../errors';
import { WorkspaceCalls } from './calls';
import { collect, LISTING_CAPS } from './listing';

type MlflowTags = Array<{ key?: string; value?: string }> | undefined;

/** Tags as MLflow's registry answers them, as a record. */
function tagRecord(tags: MlflowTags): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).filter(t => t.key).map(t => [t.key!, t.value ?? '']),
  );
}

/** A model version as Unity Catalog takes it; anything else is refused before any request. */
function versionNumber(
  workspace: string,
  operation: string,
  version: string,
): number {
  const versionNum = Number(version);
  if (!Number.isInteger(versionNum) || versionNum < 1) {
    throw new DatabricksInvalidRequestError(
      { workspace, operation },
      `a model version is a whole number of at least 1, got "${version}"`,
    );
  }
  return versionNum;
}

/** Unity Catalog calls: schemas, registered models, their versions and aliases. */
export class UnityCatalogCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  getSchema(workspace: string, fullName: string): Promise<catalog.SchemaInfo> {
    return this.calls.call(workspace, 'schemas.get', 'read', (c, ctx) =>
      c.schemas.get({ full_name: fullName }, ctx),
    );
  }

  createSchema(
    workspace: string,
    request: catalog.CreateSchema,
  ): Promise<catalog.SchemaInfo> {
    return this.calls.call(
      workspace,
      'schemas.create',
      'not-idempotent',
      (c, ctx) => c.schemas.create(request, ctx),
    );
  }

  /** Creates the schema unless it exists. Resolves to whether it was created. */
  async ensureSchema(
    workspace: string,
    catalogName: string,
    schemaName: string,
    comment?: string,
  ): Promise<boolean> {
    try {
      await this.getSchema(workspace, `${catalogName}.${schemaName}`);
      return false;
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
    }
    try {
      await this.createSchema(workspace, {
        catalog_name: catalogName,
        name: schemaName,
        ...(comment ? { comment } : {}),
      });
      return true;
    } catch (error) {
      // created meanwhile by someone else: the goal is met
      if (error instanceof DatabricksConflictError) return false;
      throw error;
    }
  }

  getRegisteredModel(
    workspace: string,
    fullName: string,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.calls.call(
      workspace,
      'registeredModels.get',
      'read',
      (c, ctx) =>
        c.registeredModels.get(
          { full_name: fullName, include_aliases: true },
          ctx,
        ),
    );
  }

  /**
   * The registered model's tags. The Unity Catalog API has none (the SDK's `RegisteredModelInfo`
   * has no tags, and its entity tag assignments cover catalogs, schemas, tables, columns and
   * volumes only): MLflow's registry for Unity Catalog answers them
   * (`GET /api/2.0/mlflow/unity-catalog/registered-models/get` → `registered_model.tags`, as
   * public integrations read them). The SDK has no method for it, so the request goes through its
   * API client (a GET: the SDK's PATCH-without-body pitfall does not apply).
   */
  getRegisteredModelTags(
    workspace: string,
    fullName: string,
  ): Promise<Record<string, string>> {
    return this.mlflowGet<{ registered_model?: { tags?: MlflowTags } }>(
      workspace,
      'mlflowRegisteredModels.get',
      '/api/2.0/mlflow/unity-catalog/registered-models/get',
      { name: fullName },
    ).then(response => tagRecord(response.registered_model?.tags));
  }

  createRegisteredModel(
    workspace: string,
    request: catalog.CreateRegisteredModelRequest,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.calls.call(
      workspace,
      'registeredModels.create',
      'not-idempotent',
      (c, ctx) => c.registeredModels.create(request, ctx),
    );
  }

  /** Creates the registered model unless it exists. Resolves to whether it was created. */
  async ensureRegisteredModel(
    workspace: string,
    catalogName: string,
    schemaName: string,
    name: string,
    comment?: string,
  ): Promise<boolean> {
    try {
      await this.getRegisteredModel(
        workspace,
        `${catalogName}.${schemaName}.${name}`,
      );
      return false;
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
    }
    try {
      await this.createRegisteredModel(workspace, {
        catalog_name: catalogName,
        schema_name: schemaName,
        name,
        ...(comment ? { comment } : {}),
      });
      return true;
    } catch (error) {
      if (error instanceof DatabricksConflictError) return false;
      throw error;
    }
  }

  /** Every version of the model, up to LISTING_CAPS.modelVersions. */
  listModelVersions(
    workspace: string,
    fullName: string,
  ): Promise<catalog.ModelVersionInfo[]> {
    return this.calls.call(workspace, 'modelVersions.list', 'read', (c, ctx) =>
      collect(
        c.modelVersions.list({ full_name: fullName, max_results: 1000 }, ctx),
        LISTING_CAPS.modelVersions,
      ),
    );
  }

  /** One version of the model, with its `source` and `run_id`. */
  async getModelVersion(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<catalog.ModelVersionInfo> {
    const versionNum = versionNumber(workspace, 'modelVersions.get', version);
    return this.calls.call(workspace, 'modelVersions.get', 'read', (c, ctx) =>
      c.modelVersions.get({ full_name: fullName, version: versionNum }, ctx),
    );
  }

  /**
   * A model version's tags (a copied version's lineage among them). As with the registered
   * model's, the Unity Catalog API has none: MLflow's registry for Unity Catalog answers them
   * (`GET /api/2.0/mlflow/unity-catalog/model-versions/get` → `model_version.tags`, what
   * `MlflowClient.get_model_version` calls for a `databricks-uc` registry).
   */
  async getModelVersionTags(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<Record<string, string>> {
    const operation = 'mlflowModelVersions.get';
    const versionNum = versionNumber(workspace, operation, version);
    const response = await this.mlflowGet<{
      model_version?: { tags?: MlflowTags };
    }>(
      workspace,
      operation,
      '/api/2.0/mlflow/unity-catalog/model-versions/get',
      {
        name: fullName,
        version: String(versionNum),
      },
    );
    return tagRecord(response.model_version?.tags);
  }

  getModelVersionByAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<catalog.ModelVersionInfo> {
    return this.calls.call(
      workspace,
      'modelVersions.getByAlias',
      'read',
      (c, ctx) =>
        c.modelVersions.getByAlias({ full_name: fullName, alias }, ctx),
    );
  }

  /** Points the alias at the version (PUT: repeating it is harmless). */
  async setAlias(
    workspace: string,
    fullName: string,
    alias: string,
    version: string,
  ): Promise<void> {
    const versionNum = versionNumber(
      workspace,
      'registeredModels.setAlias',
      version,
    );
    return this.calls.call(
      workspace,
      'registeredModels.setAlias',
      'idempotent',
      async (c, ctx) => {
        await c.registeredModels.setAlias(
          { full_name: fullName, alias, version_num: versionNum },
          ctx,
        );
      },
    );
  }

  /**
   * Removes the alias. An alias already gone counts as removed (a retried delete finds it gone),
   * as long as the model exists.
   */
  async deleteAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<void> {
    try {
      await this.calls.call(
        workspace,
        'registeredModels.deleteAlias',
        'idempotent',
        async (c, ctx) => {
          await c.registeredModels.deleteAlias(
            { full_name: fullName, alias },
            ctx,
          );
        },
      );
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
      // throws NotFound when the model itself is missing
      await this.getRegisteredModel(workspace, fullName);
    }
  }

  /**
   * A GET on MLflow's registry for Unity Catalog, which the SDK has no method for: through its API
   * client (a GET: the SDK's PATCH-without-body pitfall does not apply).
   */
  private mlflowGet<T>(
    workspace: string,
    operation: string,
    path: string,
    query: Record<string, string>,
  ): Promise<T> {
    return this.calls.call(
      workspace,
      operation,
      'read',
      async (c, ctx) =>
        (await c.apiClient.request(
          { path, method: 'GET', query, headers: new Headers(), raw: false },
          ctx,
        )) as T,
    );
  }
}
