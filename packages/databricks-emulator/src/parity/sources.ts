/**
 * The public sources the parity cases rest on. SDK paths are inside the @databricks/sdk-experimental
 * package in node_modules (its TypeScript models are generated from Databricks' OpenAPI spec).
 */
export const SOURCES = {
  restServing: 'https://docs.databricks.com/api/workspace/servingendpoints',
  restUpdateConfig:
    'https://docs.databricks.com/api/workspace/servingendpoints/updateconfig',
  restExportMetrics:
    'https://docs.databricks.com/api/workspace/servingendpoints/exportmetrics',
  docsGpuTypes:
    'https://docs.databricks.com/en/machine-learning/model-serving/create-manage-serving-endpoints.html#gpu-workload-types',
  docsMetricsExport:
    'https://docs.databricks.com/en/machine-learning/model-serving/metrics-export-serving-endpoint.html',
  datadogServingMetrics:
    "https://github.com/DataDog/integrations-core/blob/master/databricks/metadata.csv (Datadog's official integration: every databricks.model_serving.* metric a gauge with interval 60, request_count 'Number of requests during the last minute', 4xx/5xx 'during the last minute', latency percentiles 'during the minute')",
  prometheusExposition:
    'https://prometheus.io/docs/instrumenting/exposition_formats/ (a sample is `name{labels} value [timestamp]`, the timestamp an int64 of milliseconds since the epoch)',
  publicServingScrapes:
    'public code and notes of people who scraped real serving endpoints (src/parity/serving-metrics.md, source SCRAPES): minute-aligned sample timestamps, request families declared gauge and per last minute, no request_latency_ms on Free Edition, model_queue_time_ms, CPU and memory gauges',
  docsInferenceTables:
    'https://docs.databricks.com/en/machine-learning/model-serving/inference-tables.html',
  docsSystemTables: 'https://docs.databricks.com/aws/admin/system-tables',
  docsAiGatewayDashboard:
    "https://docs.databricks.com/aws/ja/assets/files/ai-gateway-dashboard.lvdash-b53c450b490f540340971e4e14960781.json (Databricks' AI Gateway usage dashboard: joins system.serving.endpoint_usage to system.serving.served_entities on served_entity_id; columns databricks_request_id, status_code, request_streaming, input/output_token_count, endpoint_name, entity_name, served_entity_name)",
  sdkServingModel:
    '@databricks/sdk-experimental dist/apis/serving/model.d.ts (ServedEntityInput, ServedEntityOutput, EndpointCoreConfigInput, EndpointStateConfigUpdate, ServingModelWorkloadType)',
  cliFakeServing:
    "https://github.com/databricks/cli/blob/main/libs/testserver/serving_endpoints.go (Databricks' own fake workspace: PUT .../config replaces endpoint.Config whole, auto_capture_config included; burst_scaling_enabled is not echoed on GET; a single entity without traffic_config gets a 100 % route echoed with served_entity_name and served_model_name)",
  sdkServingApi:
    '@databricks/sdk-experimental dist/apis/serving/api.js (updateConfig waits until state.config_update is NOT_UPDATING, fails on UPDATE_FAILED)',
  restUcModels: 'https://docs.databricks.com/api/workspace/registeredmodels',
  restQualityMonitors:
    'https://docs.databricks.com/api/workspace/qualitymonitors/get (GET /api/2.1/unity-catalog/tables/{table_name}/monitor)',
  docsBundles:
    'https://docs.databricks.com/en/dev-tools/bundles/settings.html, /variables.html, /deployment-modes.html and `databricks bundle schema` (the bundle deploy of the local workspace: includes, targets, ${var.*}, ${bundle.*}, ${workspace.*}, ${resources.*.id})',
  restUcVersions: 'https://docs.databricks.com/api/workspace/modelversions',
  restSchemas: 'https://docs.databricks.com/api/workspace/schemas',
  sdkCatalogModel:
    '@databricks/sdk-experimental dist/apis/catalog/model.d.ts (RegisteredModelInfo, RegisteredModelAlias, ModelVersionInfo, ModelVersionInfoStatus)',
  mlflowUcRegistry:
    'https://mlflow.org/docs/latest/rest-api.html#get-registeredmodel (Databricks serves it for Unity Catalog at /api/2.0/mlflow/unity-catalog/registered-models/get, as the MLflow client for UC calls it)',
  docsCopyModelVersion:
    'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/upgrade-models.html (MlflowClient.copy_model_version(src_model_uri="models:/<model>/<version>", "<catalog>.<schema>.<model>"); "If the destination model does not exist in Unity Catalog, it is created by this API call")',
  mlflowCopyModelVersion:
    'https://github.com/mlflow/mlflow/blob/master/mlflow/store/model_registry/abstract_store.py (AbstractStore.copy_model_version, which the Unity Catalog store mlflow/store/_unity_catalog/registry/rest_store.py UcModelRegistryStore inherits: create_registered_model(dst_name), RESOURCE_ALREADY_EXISTS ignored, then create_model_version(name=dst_name, source=f"models:/{src.name}/{src.version}", run_id=src.run_id, tags=the source version\'s tags))',
  mlflowUcRegistryProto:
    'https://github.com/mlflow/mlflow/blob/master/mlflow/protos/databricks_uc_registry_messages.proto (ModelVersion: name, version as a string, source, run_id, run_tracking_server_id "e.g. Databricks workspace ID" of the source run, status, storage_location, aliases[{alias, version}], tags[{key, value}]; GetModelVersionRequest name + version)',
  docsCatalogBinding:
    'https://docs.databricks.com/aws/en/data-governance/unity-catalog/access-control/workspace-catalog-binding ("In Unity Catalog, all catalogs are accessible by default from any workspace attached to the same metastore")',
  restRunNow:
    "https://docs.databricks.com/api/workspace/jobs/runnow (job_parameters: a map of job-level parameter names to values; idempotency_token: a repeated request with the same token starts no new run and answers the existing run's id)",
  restJobParameters:
    'https://docs.databricks.com/api/workspace/jobs/get (settings.parameters: the job-level parameter definitions, each { name, default }; runs/get job_parameters: each { name, default, value }) and https://docs.databricks.com/en/jobs/job-parameters.html (run-now values override the defaults; tasks read them as {{job.parameters.<name>}}); a bundle job declares them under resources.jobs.<key>.parameters (docs.databricks.com/en/dev-tools/bundles/job-task-types.html)',
  restExperiments: 'https://docs.databricks.com/api/workspace/experiments',
  restSearchRuns:
    'https://docs.databricks.com/api/workspace/experiments/searchruns',
  restSearchExperiments:
    'https://docs.databricks.com/api/workspace/experiments/searchexperiments',
  sdkMlModel:
    '@databricks/sdk-experimental dist/apis/ml/model.d.ts (Experiment, Run, RunInfo, SearchRunsResponse, SearchExperimentsResponse)',
  restJobs: 'https://docs.databricks.com/api/workspace/jobs',
  sdkJobsModel:
    '@databricks/sdk-experimental dist/apis/jobs/model.d.ts (Job, Run, RunLifeCycleState, RunResultState, RunNowResponse)',
  pySdkOverrides:
    'https://github.com/databricks/databricks-sdk-py/blob/main/databricks/sdk/errors/overrides.py (jobs/get and jobs/runs/get answer 400 INVALID_PARAMETER_VALUE "Job|Run ... does not exist", which the SDK maps to ResourceDoesNotExist)',
  pySdkPlatformErrors:
    'https://github.com/databricks/databricks-sdk-py/blob/main/databricks/sdk/errors/platform.py (STATUS_CODE_MAPPING, ERROR_CODE_MAPPING)',
  jsSdkApiErrTest:
    '@databricks/sdk-experimental dist/apierr.test.js (error bodies are { error_code, message }, e.g. RESOURCE_DOES_NOT_EXIST, RESOURCE_CONFLICT)',
  restPipelines: 'https://docs.databricks.com/api/workspace/pipelines',
  sdkPipelinesModel:
    '@databricks/sdk-experimental dist/apis/pipelines/model.d.ts (GetPipelineResponse, PipelineState, UpdateInfoState, PipelineEvent, EventLevel)',
  restStatements:
    'https://docs.databricks.com/api/workspace/statementexecution',
  docsStatements:
    'https://docs.databricks.com/en/dev-tools/sql-execution-tutorial.html',
  cliFakeStatements:
    "https://github.com/databricks/cli/blob/main/libs/testserver/statements.go (Databricks' own fake workspace: a statement that ends FAILED comes back as HTTP 200 with state FAILED; cancel answers {})",
  sdkSqlModel:
    '@databricks/sdk-experimental dist/apis/sql/model.d.ts (StatementResponse, StatementState, ServiceError, ServiceErrorCode, ColumnInfoTypeName)',
} as const;
