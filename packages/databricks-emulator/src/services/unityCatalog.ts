import type { catalog, ml } from '@databricks/sdk-experimental';
import { alreadyExists, invalid, notFound } from '../domain/errors';
import { pageOf } from './paging';
import { ModelState, WorkspaceStore } from './store';

/** Unity Catalog: registered models, their versions and aliases, and schemas. */
export class UnityCatalogService {
  constructor(private readonly store: WorkspaceStore) {}

  private model(fullName: string): ModelState {
    const m = this.store.models.get(fullName);
    if (!m) throw notFound(`Registered model '${fullName}'`);
    return m;
  }

  /** GET /api/2.1/unity-catalog/tables/{table_name}/monitor: the Lakehouse monitor of a table. */
  getMonitor(tableName: string): catalog.MonitorInfo {
    const monitor = this.store.monitors.get(tableName);
    if (!monitor) throw notFound(`Monitor of table '${tableName}'`);
    return monitor;
  }

  getModel(
    fullName: string,
    includeAliases: boolean,
  ): catalog.RegisteredModelInfo {
    const m = this.model(fullName);
    return {
      full_name: m.fullName,
      catalog_name: m.catalog,
      schema_name: m.schema,
      name: m.name,
      comment: m.comment,
      owner: 'ml-platform',
      created_at: m.createdAt,
      updated_at: m.createdAt,
      storage_location: `s3://uc-models/${m.fullName.replace(/\./g, '/')}`,
      ...(includeAliases
        ? {
            aliases: [...m.aliases].map(([alias, version]) => ({
              alias_name: alias,
              version_num: version,
              catalog_name: m.catalog,
              schema_name: m.schema,
              model_name: m.name,
            })),
          }
        : {}),
    };
  }

  /**
   * The model as MLflow's Unity Catalog registry answers it (GET
   * /api/2.0/mlflow/unity-catalog/registered-models/get): with the registered-model tags, which
   * the Unity Catalog API does not return, and the aliases in MLflow's shape.
   */
  getMlflowModel(fullName: string): {
    registered_model: ml.Model & {
      aliases: Array<{ alias: string; version: string }>;
    };
  } {
    if (!fullName)
      throw invalid("Missing value for required parameter 'name'.");
    const m = this.model(fullName);
    return {
      registered_model: {
        name: m.fullName,
        description: m.comment,
        user_id: 'ml-platform@fmlops.example',
        creation_timestamp: m.createdAt,
        last_updated_timestamp: m.createdAt,
        tags: Object.entries(m.tags).map(([key, value]) => ({ key, value })),
        aliases: [...m.aliases].map(([alias, version]) => ({
          alias,
          version: String(version),
        })),
      },
    };
  }

  /**
   * A version as MLflow's Unity Catalog registry answers it (GET
   * /api/2.0/mlflow/unity-catalog/model-versions/get): with its tags, which the Unity Catalog API
   * does not return (a copied version's lineage tags), and the run's workspace as
   * `run_tracking_server_id`.
   */
  getMlflowVersion(
    fullName: string,
    version: string,
  ): { model_version: Record<string, unknown> } {
    if (!fullName || !version)
      throw invalid(
        "Missing value for required parameter 'name' or 'version'.",
      );
    const m = this.model(fullName);
    const v = m.versions.get(Number(version));
    if (!v) throw notFound(`Model version ${version} of '${fullName}'`);
    return {
      model_version: {
        name: m.fullName,
        version: String(v.version),
        creation_timestamp: v.created_at,
        last_updated_timestamp: v.updated_at,
        user_id: v.created_by,
        description: v.comment,
        source: v.source,
        run_id: v.run_id,
        ...(v.run_workspace_id !== undefined
          ? { run_tracking_server_id: String(v.run_workspace_id) }
          : {}),
        status: v.status,
        storage_location: v.storage_location,
        aliases: [...m.aliases]
          .filter(([, n]) => n === v.version)
          .map(([alias, n]) => ({ alias, version: String(n) })),
        tags: Object.entries(m.versionTags?.[String(v.version)] ?? {}).map(
          ([key, value]) => ({ key, value }),
        ),
      },
    };
  }

  /** MLflow's set-tag on a registered model: adds the tag or replaces its value. */
  setModelTag(body: { name?: string; key?: string; value?: string }): void {
    if (!body.name || !body.key) throw invalid('name and key are required.');
    this.model(body.name).tags[body.key] = String(body.value ?? '');
  }

  /** MLflow's delete-tag on a registered model; an absent tag is a 404, as MLflow answers it. */
  deleteModelTag(body: { name?: string; key?: string }): void {
    if (!body.name || !body.key) throw invalid('name and key are required.');
    const m = this.model(body.name);
    if (!(body.key in m.tags))
      throw notFound(`Tag '${body.key}' of registered model '${body.name}'`);
    delete m.tags[body.key];
  }

  /** Registered models, optionally in one catalog or schema, in name order, paged. */
  listModels(query: {
    catalog_name?: string;
    schema_name?: string;
    max_results?: number;
    page_token?: string;
  }): catalog.ListRegisteredModelsResponse {
    if (Boolean(query.schema_name) !== Boolean(query.catalog_name))
      throw invalid('catalog_name and schema_name go together.');
    const all = [...this.store.models.values()]
      .filter(
        m =>
          (!query.catalog_name || m.catalog === query.catalog_name) &&
          (!query.schema_name || m.schema === query.schema_name),
      )
      .sort((a, b) => a.fullName.localeCompare(b.fullName))
      .map(m => this.getModel(m.fullName, true));
    const { page, nextToken } = pageOf(
      all,
      query.max_results || 1000,
      query.page_token,
      1000,
    );
    return {
      registered_models: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }

  createModel(
    body: catalog.CreateRegisteredModelRequest,
  ): catalog.RegisteredModelInfo {
    if (!body.catalog_name || !body.schema_name || !body.name) {
      throw invalid('catalog_name, schema_name and name are required.');
    }
    const fullName = `${body.catalog_name}.${body.schema_name}.${body.name}`;
    const model = newModelState(
      this.store,
      fullName,
      this.store.now(),
      body.comment,
    );
    if (this.store.models.has(fullName))
      throw alreadyExists(`Registered model '${fullName}'`);
    this.store.models.set(fullName, model);
    return this.getModel(fullName, true);
  }

  getSchema(fullName: string): catalog.SchemaInfo {
    const s = this.store.schemas.get(fullName);
    if (!s) throw notFound(`Schema '${fullName}'`);
    return s;
  }

  createSchema(body: catalog.CreateSchema): catalog.SchemaInfo {
    if (!body.catalog_name || !body.name)
      throw invalid('catalog_name and name are required.');
    const fullName = `${body.catalog_name}.${body.name}`;
    if (this.store.schemas.has(fullName))
      throw alreadyExists(`Schema '${fullName}'`);
    ensureSchema(this.store, body.catalog_name, body.name, this.store.now());
    const schema = this.store.schemas.get(fullName)!;
    schema.comment = body.comment;
    return schema;
  }

  listVersions(fullName: string): catalog.ModelVersionInfo[] {
    return [...this.model(fullName).versions.values()];
  }

  getVersion(fullName: string, version: number): catalog.ModelVersionInfo {
    const v = this.model(fullName).versions.get(version);
    if (!v) throw notFound(`Model version ${version} of '${fullName}'`);
    return v;
  }

  setAlias(
    fullName: string,
    alias: string,
    version: number,
  ): catalog.RegisteredModelAlias {
    const m = this.model(fullName);
    if (!m.versions.has(version))
      throw notFound(`Model version ${version} of '${fullName}'`);
    if (
      !/^[a-z_][a-z0-9_]*$/i.test(alias) ||
      /^v\d+$/i.test(alias) ||
      alias.toLowerCase() === 'latest'
    ) {
      throw invalid(`Invalid alias name '${alias}'.`);
    }
    m.aliases.set(alias, version);
    return { alias_name: alias, version_num: version };
  }

  deleteAlias(fullName: string, alias: string) {
    const m = this.model(fullName);
    if (!m.aliases.delete(alias))
      throw notFound(`Alias '${alias}' of '${fullName}'`);
  }

  versionByAlias(fullName: string, alias: string): catalog.ModelVersionInfo {
    const m = this.model(fullName);
    const version = m.aliases.get(alias);
    if (version === undefined)
      throw notFound(`Alias '${alias}' of '${fullName}'`);
    return {
      ...m.versions.get(version)!,
      aliases: [...m.aliases]
        .filter(([, v]) => v === version)
        .map(([a, v]) => ({ alias_name: a, version_num: v })),
    };
  }
}

/** Adds a schema unless it exists. */
export function ensureSchema(
  store: WorkspaceStore,
  catalogName: string,
  schemaName: string,
  at: number,
) {
  const fullName = `${catalogName}.${schemaName}`;
  if (!store.schemas.has(fullName)) {
    store.schemas.set(fullName, {
      catalog_name: catalogName,
      name: schemaName,
      full_name: fullName,
      owner: 'ml-platform',
      created_at: at,
      updated_at: at,
    });
  }
}

/**
 * A registered model without versions, aliases or tags, not yet in the store; its schema must
 * exist (404 otherwise), as Unity Catalog requires.
 */
export function newModelState(
  store: WorkspaceStore,
  fullName: string,
  at: number,
  comment?: string,
): ModelState {
  const [catalogName, schemaName, name] = fullName.split('.');
  if (!store.schemas.has(`${catalogName}.${schemaName}`)) {
    throw notFound(`Schema '${catalogName}.${schemaName}'`);
  }
  return {
    fullName,
    catalog: catalogName,
    schema: schemaName,
    name,
    comment,
    createdAt: at,
    versions: new Map(),
    aliases: new Map(),
    tags: {},
  };
}

/** The number the model's next version gets: one past its highest (versions are never reused). */
export function nextVersion(model: ModelState): number {
  return Math.max(0, ...model.versions.keys()) + 1;
}

/** A version of a registered model, as the tournament job that produced it registered it. */
export function versionInfo(
  model: ModelState,
  version: number,
  runId: string,
  at: number,
  runWorkspaceId?: number,
): catalog.ModelVersionInfo {
  return {
    model_name: model.name,
    catalog_name: model.catalog,
    schema_name: model.schema,
    version,
    run_id: runId,
    // where the run lives, when several workspaces share the metastore
    ...(runWorkspaceId !== undefined
      ? { run_workspace_id: runWorkspaceId }
      : {}),
    source: `dbfs:/databricks/mlflow-tracking/runs/${runId}/artifacts/model`,
    status: 'READY',
    created_at: at,
    updated_at: at,
    created_by: 'fmlops-tournament@fmlops.example',
    storage_location: `s3://uc-models/${model.fullName.replace(
      /\./g,
      '/',
    )}/versions/${version}`,
  };
}
