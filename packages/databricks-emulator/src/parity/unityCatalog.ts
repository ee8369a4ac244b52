import type { catalog } from '@databricks/sdk-experimental';
import { SOURCES } from './sources';
import { ParityCase } from './types';

/** Unity Catalog models: the model with its aliases, its versions, aliases, tags and schemas. */

/**
 * Unity Catalog's not-found code: RESOURCE_DOES_NOT_EXIST in the SDKs' mapping; some UC answers
 * carry NOT_FOUND. fmlops keys on the 404 status, so either reading works.
 */
const NOT_FOUND = ['RESOURCE_DOES_NOT_EXIST', 'NOT_FOUND'] as const;

const VERSION_STATUS = [
  'READY',
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'MODEL_VERSION_STATUS_UNKNOWN',
] as const;

export const unityCatalogCases: ParityCase[] = [
  {
    id: 'uc.registered-models.get',
    calls: ['registeredModels.get'],
    behaviour:
      'GET /api/2.1/unity-catalog/models/{full_name}?include_aliases=true answers the model with its aliases (alias_name, version_num).',
    sources: [SOURCES.restUcModels, SOURCES.sdkCatalogModel],
    needs: ['ucModel'],
    run: t =>
      t.client.registeredModels.get({
        full_name: t.names.ucModel!,
        include_aliases: true,
      }),
    expect: {
      shape: {
        full_name: 'string',
        catalog_name: 'string',
        schema_name: 'string',
        name: 'string',
        'aliases[].alias_name?': 'string',
        'aliases[].version_num?': 'number',
      },
    },
  },
  {
    id: 'uc.registered-models.get.unknown',
    calls: ['registeredModels.get'],
    behaviour: 'A model that does not exist is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restUcModels, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    run: t =>
      t.client.registeredModels.get({
        full_name: `${t.names.ucModel!}_${t.scratch}_missing`,
      }),
    expect: { error: { status: 404, errorCode: NOT_FOUND } },
  },
  {
    id: 'uc.model-versions.list',
    calls: ['modelVersions.list'],
    behaviour:
      'GET .../models/{full_name}/versions lists the versions (version is a number, status READY once registered).',
    sources: [SOURCES.restUcVersions, SOURCES.sdkCatalogModel],
    needs: ['ucModel'],
    run: async t => {
      const versions: catalog.ModelVersionInfo[] = [];
      for await (const v of t.client.modelVersions.list({
        full_name: t.names.ucModel!,
        max_results: 100,
      })) {
        versions.push(v);
        if (versions.length >= 100) break;
      }
      return { model_versions: versions };
    },
    expect: {
      shape: {
        'model_versions[].version': 'number',
        'model_versions[].status?': VERSION_STATUS,
        'model_versions[].catalog_name?': 'string',
        'model_versions[].source?': 'string',
      },
    },
  },
  {
    id: 'uc.model-versions.get-by-alias.unknown',
    calls: ['modelVersions.getByAlias'],
    behaviour:
      'An alias the model does not have is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restUcVersions, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    run: t =>
      t.client.modelVersions.getByAlias({
        full_name: t.names.ucModel!,
        alias: `${t.scratch}_missing`,
      }),
    expect: { error: { status: 404, errorCode: NOT_FOUND } },
  },
  {
    id: 'uc.aliases.set-read-delete',
    calls: [
      'registeredModels.setAlias',
      'modelVersions.getByAlias',
      'registeredModels.deleteAlias',
    ],
    behaviour:
      'PUT .../aliases/{alias} {version_num} answers the alias; GET by alias then answers that version with its aliases; DELETE removes it.',
    sources: [
      SOURCES.restUcModels,
      SOURCES.restUcVersions,
      SOURCES.sdkCatalogModel,
    ],
    needs: ['ucModel'],
    writes: true,
    run: async t => {
      const full_name = t.names.ucModel!;
      const versions = t.client.modelVersions.list({
        full_name,
        max_results: 1,
      });
      let version_num = 1;
      for await (const v of versions) {
        version_num = v.version!;
        break;
      }
      const alias = `${t.scratch}_parity`;
      const set = await t.client.registeredModels.setAlias({
        full_name,
        alias,
        version_num,
      });
      const read = await t.client.modelVersions.getByAlias({
        full_name,
        alias,
      });
      await t.client.registeredModels.deleteAlias({ full_name, alias });
      return { set, read };
    },
    expect: {
      shape: {
        'set.alias_name': 'string',
        'set.version_num': 'number',
        'read.version': 'number',
        'read.aliases[].alias_name': 'string',
      },
    },
  },
  {
    id: 'uc.aliases.delete.missing',
    calls: ['registeredModels.deleteAlias'],
    behaviour:
      "Deleting an alias the model does not have: sources differ (Databricks' own fake workspace answers 200, the local one 404 RESOURCE_DOES_NOT_EXIST); fmlops treats both as done.",
    sources: [
      SOURCES.restUcModels,
      'https://github.com/databricks/cli/blob/main/libs/testserver/registered_models.go (RegisteredModelsDeleteAlias answers 200 for an alias the model lacks)',
    ],
    needs: ['ucModel'],
    writes: true,
    run: async t => {
      try {
        await t.client.registeredModels.deleteAlias({
          full_name: t.names.ucModel!,
          alias: `${t.scratch}_never_set`,
        });
        return { outcome: 'answered' };
      } catch (e) {
        const error = e as { statusCode?: number; errorCode?: string };
        return { outcome: `${error.statusCode} ${error.errorCode}` };
      }
    },
    expect: {
      shape: {
        outcome: ['answered', '404 RESOURCE_DOES_NOT_EXIST', '404 NOT_FOUND'],
      },
    },
  },
  {
    id: 'uc.mlflow-registered-model.tags',
    calls: ['mlflowRegisteredModels.get'],
    behaviour:
      "The model's tags come from MLflow's registry for Unity Catalog: GET /api/2.0/mlflow/unity-catalog/registered-models/get?name= answers registered_model.tags[{key, value}].",
    sources: [SOURCES.mlflowUcRegistry],
    needs: ['ucModel'],
    run: t =>
      t.client.apiClient.request(
        {
          path: '/api/2.0/mlflow/unity-catalog/registered-models/get',
          method: 'GET',
          query: { name: t.names.ucModel! },
          headers: new Headers(),
          raw: false,
        },
        undefined,
      ),
    expect: {
      shape: {
        'registered_model.name': 'string',
        'registered_model.tags[].key?': 'string',
        'registered_model.tags[].value?': 'string',
      },
    },
  },
  {
    id: 'uc.schemas.get.unknown',
    calls: ['schemas.get'],
    behaviour:
      'A schema that does not exist is 404 RESOURCE_DOES_NOT_EXIST (fmlops then creates it).',
    sources: [SOURCES.restSchemas, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    run: t =>
      t.client.schemas.get({
        full_name: `${t.names.ucModel!.split('.')[0]}.${t.scratch}_missing`,
      }),
    expect: { error: { status: 404, errorCode: NOT_FOUND } },
  },
  {
    id: 'uc.schemas.create.exists',
    calls: ['schemas.create'],
    behaviour:
      'Creating a schema that exists is 409 (fmlops reads it first and creates it only when missing).',
    sources: [SOURCES.restSchemas, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    writes: true,
    run: t => {
      const [catalog_name, name] = t.names.ucModel!.split('.');
      return t.client.schemas.create({ catalog_name, name });
    },
    expect: {
      error: {
        status: 409,
        errorCode: [
          'RESOURCE_ALREADY_EXISTS',
          'ALREADY_EXISTS',
          'SCHEMA_ALREADY_EXISTS',
        ],
      },
    },
  },
  {
    id: 'uc.registered-models.create.exists',
    calls: ['registeredModels.create'],
    behaviour:
      'Creating a model that exists is 409 (RESOURCE_ALREADY_EXISTS, or ALREADY_EXISTS).',
    sources: [SOURCES.restUcModels, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    writes: true,
    run: t => {
      const [catalog_name, schema_name, name] = t.names.ucModel!.split('.');
      return t.client.registeredModels.create({
        catalog_name,
        schema_name,
        name,
      });
    },
    expect: {
      error: {
        status: 409,
        errorCode: ['RESOURCE_ALREADY_EXISTS', 'ALREADY_EXISTS'],
      },
    },
  },
  {
    id: 'uc.quality-monitors.get.unknown',
    calls: ['qualityMonitors.get'],
    behaviour:
      'GET /api/2.1/unity-catalog/tables/{table_name}/monitor of a table without a monitor is 404 (the local workspace has monitors only for deployed bundles).',
    sources: [SOURCES.restQualityMonitors, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    run: t =>
      t.client.qualityMonitors.get({
        table_name: `${t.names.ucModel!}_${t.scratch}_unmonitored`,
      }),
    expect: {
      error: {
        status: 404,
        errorCode: [...NOT_FOUND, 'TABLE_DOES_NOT_EXIST'],
      },
    },
  },
  {
    id: 'uc.mlflow-model-version.get',
    calls: ['mlflowModelVersions.get'],
    behaviour:
      "A version's tags (a copied version's lineage) come from MLflow's registry for Unity Catalog: GET /api/2.0/mlflow/unity-catalog/model-versions/get?name=&version= answers model_version with its source, run_id, the version as a string and tags[{key, value}].",
    sources: [SOURCES.mlflowUcRegistryProto, SOURCES.mlflowUcRegistry],
    needs: ['ucModel'],
    run: t =>
      t.client.apiClient.request(
        {
          path: '/api/2.0/mlflow/unity-catalog/model-versions/get',
          method: 'GET',
          query: { name: t.names.ucModel!, version: '1' },
          headers: new Headers(),
          raw: false,
        },
        undefined,
      ),
    expect: {
      shape: {
        'model_version.name': 'string',
        'model_version.version': /^1$/,
        'model_version.source': 'string',
        'model_version.run_id?': 'string',
        'model_version.tags[].key?': 'string',
        'model_version.tags[].value?': 'string',
      },
    },
  },
  {
    id: 'uc.mlflow-model-version.get.unknown',
    calls: ['mlflowModelVersions.get'],
    behaviour:
      "A version that does not exist is 404 RESOURCE_DOES_NOT_EXIST in MLflow's registry for Unity Catalog too.",
    sources: [SOURCES.mlflowUcRegistryProto, SOURCES.pySdkPlatformErrors],
    needs: ['ucModel'],
    run: t =>
      t.client.apiClient.request(
        {
          path: '/api/2.0/mlflow/unity-catalog/model-versions/get',
          method: 'GET',
          query: { name: t.names.ucModel!, version: '987654' },
          headers: new Headers(),
          raw: false,
        },
        undefined,
      ),
    expect: { error: { status: 404, errorCode: NOT_FOUND } },
  },
];
