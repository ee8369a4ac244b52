import { Request, Router } from 'express';
import { invalid } from '../../domain/errors';
import { UnityCatalogService } from '../../services/unityCatalog';
import { optionalNumber, optionalString, route } from '../handlers';

/** Unity Catalog: registered models, their versions, aliases and (through MLflow) tags, and schemas. */
export function unityCatalogRoutes(unityCatalog: UnityCatalogService): Router {
  const router = Router();
  const fullName = (req: Request) => decodeURIComponent(req.params.fullName);
  router.get(
    '/api/2.1/unity-catalog/models/:fullName',
    route(req =>
      unityCatalog.getModel(
        fullName(req),
        req.query.include_aliases === 'true',
      ),
    ),
  );
  router.get(
    '/api/2.1/unity-catalog/tables/:tableName/monitor',
    route(req =>
      unityCatalog.getMonitor(decodeURIComponent(req.params.tableName)),
    ),
  );
  router.get(
    '/api/2.1/unity-catalog/models',
    route(req =>
      unityCatalog.listModels({
        catalog_name: optionalString(req.query.catalog_name),
        schema_name: optionalString(req.query.schema_name),
        max_results: optionalNumber(req.query.max_results, 'max_results'),
        page_token: optionalString(req.query.page_token),
      }),
    ),
  );
  router.post(
    '/api/2.1/unity-catalog/models',
    route(req => unityCatalog.createModel(req.body ?? {})),
  );
  router.get(
    '/api/2.1/unity-catalog/models/:fullName/versions',
    route(req => {
      const versions = unityCatalog.listVersions(fullName(req));
      const max = optionalNumber(req.query.max_results, 'max_results') ?? 100;
      const offset = req.query.page_token
        ? Number(Buffer.from(String(req.query.page_token), 'base64').toString())
        : 0;
      const page = versions.slice(offset, offset + (max || versions.length));
      const more = max > 0 && offset + max < versions.length;
      return {
        model_versions: page,
        ...(more
          ? {
              next_page_token: Buffer.from(String(offset + max)).toString(
                'base64',
              ),
            }
          : {}),
      };
    }),
  );
  router.get(
    '/api/2.1/unity-catalog/models/:fullName/versions/:version',
    route(req =>
      unityCatalog.getVersion(fullName(req), Number(req.params.version)),
    ),
  );
  router.get(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => unityCatalog.versionByAlias(fullName(req), req.params.alias)),
  );
  router.put(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => {
      const version = optionalNumber(req.body?.version_num, 'version_num');
      if (version === undefined) throw invalid('version_num is required.');
      return unityCatalog.setAlias(fullName(req), req.params.alias, version);
    }),
  );
  router.delete(
    '/api/2.1/unity-catalog/models/:fullName/aliases/:alias',
    route(req => {
      unityCatalog.deleteAlias(fullName(req), req.params.alias);
      return {};
    }),
  );
  // MLflow's registry for Unity Catalog models: the only API with registered-model tags
  router.get(
    '/api/2.0/mlflow/unity-catalog/registered-models/get',
    route(req => unityCatalog.getMlflowModel(String(req.query.name ?? ''))),
  );
  router.get(
    '/api/2.0/mlflow/unity-catalog/model-versions/get',
    route(req =>
      unityCatalog.getMlflowVersion(
        String(req.query.name ?? ''),
        String(req.query.version ?? ''),
      ),
    ),
  );
  router.post(
    '/api/2.0/mlflow/unity-catalog/registered-models/set-tag',
    route(req => {
      unityCatalog.setModelTag(req.body ?? {});
      return {};
    }),
  );
  router.delete(
    '/api/2.0/mlflow/unity-catalog/registered-models/delete-tag',
    route(req => {
      unityCatalog.deleteModelTag({
        name: optionalString(req.body?.name ?? req.query.name),
        key: optionalString(req.body?.key ?? req.query.key),
      });
      return {};
    }),
  );
  router.get(
    '/api/2.1/unity-catalog/schemas/:fullName',
    route(req => unityCatalog.getSchema(fullName(req))),
  );
  router.post(
    '/api/2.1/unity-catalog/schemas',
    route(req => unityCatalog.createSchema(req.body ?? {})),
  );
  return router;
}
