import { Random } from '../domain/random';
import { SqlEngine } from '../domain/sql';
import { EndpointState, ServedEntityState, WorkspaceStore } from './store';

/**
 * Model Serving's system tables, readable through the SQL Statement API:
 * `system.serving.served_entities`, a row per served entity of each config an endpoint had, and
 * `system.serving.endpoint_usage`, a row per request with its status and the served entity that
 * answered it. Join them on `served_entity_id` for exact per-version request and error counts
 * (Databricks' own AI Gateway dashboard does: see parity/sql.ts for the sources).
 *
 * Struct and map columns (`custom_model_config`, `usage_context`) are JSON strings here, since
 * the local SQL engine has no nested types. A real workspace shows these tables only once an
 * admin enables the `system.serving` schema; the local one only with `servingSystemTables`.
 */

export const SERVED_ENTITIES_TABLE = 'system.serving.served_entities';
export const ENDPOINT_USAGE_TABLE = 'system.serving.endpoint_usage';

const ACCOUNT_ID = '0d6e1b5a-7f0c-4c1e-9a51-f1a2b3c4d5e6';
const WORKSPACE_ID = '1234567890123456';

export function createServingSystemTables(sql: SqlEngine): void {
  sql.createTable(SERVED_ENTITIES_TABLE, [
    { name: 'served_entity_id', type: 'STRING' },
    { name: 'account_id', type: 'STRING' },
    { name: 'workspace_id', type: 'STRING' },
    { name: 'created_by', type: 'STRING' },
    { name: 'endpoint_name', type: 'STRING' },
    { name: 'endpoint_id', type: 'STRING' },
    { name: 'served_entity_name', type: 'STRING' },
    { name: 'entity_type', type: 'STRING' },
    { name: 'entity_name', type: 'STRING' },
    { name: 'entity_version', type: 'STRING' },
    { name: 'endpoint_config_version', type: 'INT' },
    { name: 'task', type: 'STRING' },
    { name: 'custom_model_config', type: 'STRING' },
    { name: 'change_time', type: 'TIMESTAMP' },
    { name: 'endpoint_delete_time', type: 'TIMESTAMP' },
  ]);
  sql.createTable(ENDPOINT_USAGE_TABLE, [
    { name: 'account_id', type: 'STRING' },
    { name: 'workspace_id', type: 'STRING' },
    { name: 'client_request_id', type: 'STRING' },
    { name: 'databricks_request_id', type: 'STRING' },
    { name: 'requester', type: 'STRING' },
    { name: 'status_code', type: 'INT' },
    { name: 'request_time', type: 'TIMESTAMP' },
    { name: 'input_token_count', type: 'LONG' },
    { name: 'output_token_count', type: 'LONG' },
    { name: 'input_character_count', type: 'LONG' },
    { name: 'output_character_count', type: 'LONG' },
    { name: 'usage_context', type: 'STRING' },
    { name: 'request_streaming', type: 'BOOLEAN' },
    { name: 'served_entity_id', type: 'STRING' },
  ]);
}

/**
 * The id of a served entity in one config version: a new config is a new row in
 * served_entities, so a join on the id alone never counts a request twice.
 */
export function servedEntityId(
  endpoint: EndpointState,
  entity: ServedEntityState,
  configVersion: number,
): string {
  return new Random(
    `${endpoint.id}:${entity.name}:${entity.entityVersion}:${configVersion}`,
  ).uuid();
}

/** The rows of the endpoint's current config, as it took effect at `at`. */
export function recordServedEntities(
  store: WorkspaceStore,
  endpoint: EndpointState,
  at: number,
): void {
  if (!store.options.servingSystemTables) return;
  store.sql.insert(
    SERVED_ENTITIES_TABLE,
    endpoint.served.map(entity => ({
      served_entity_id: servedEntityId(
        endpoint,
        entity,
        endpoint.configVersion,
      ),
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      created_by: endpoint.creator,
      endpoint_name: endpoint.name,
      endpoint_id: endpoint.id,
      served_entity_name: entity.name,
      entity_type: 'CUSTOM_MODEL',
      entity_name: entity.entityName,
      entity_version: entity.entityVersion,
      endpoint_config_version: endpoint.configVersion,
      task: null,
      custom_model_config: JSON.stringify(entity.settings),
      change_time: new Date(at).toISOString(),
      endpoint_delete_time: null,
    })),
  );
}

/** Who the synthetic background traffic comes from, and who calls with the workspace's token. */
export const TRAFFIC_REQUESTER = 'fmlops-local-traffic@fmlops.example';
export const TOKEN_REQUESTER = 'local-user@fmlops.example';

export interface UsageCounts {
  requests: number;
  errors4xx: number;
  errors5xx: number;
}

/**
 * A row per request one served entity answered between `from` and `to`, their times spread
 * evenly over it: the errors with 4xx and 5xx statuses, the rest 200.
 */
export function recordUsage(
  store: WorkspaceStore,
  endpoint: EndpointState,
  entity: ServedEntityState,
  counts: UsageCounts,
  from: number,
  to: number,
  requester: string,
): void {
  if (!store.options.servingSystemTables || counts.requests <= 0) return;
  const id = servedEntityId(endpoint, entity, endpoint.configVersion);
  const step = Math.max(0, to - from) / counts.requests;
  const ids = new Random(`${id}:${from}`);
  const rows = Array.from({ length: counts.requests }, (_, i) => {
    let status = 200;
    if (i < counts.errors5xx) status = 503;
    else if (i < counts.errors5xx + counts.errors4xx) status = 400;
    return {
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      client_request_id: null,
      databricks_request_id: ids.uuid(),
      requester,
      status_code: status,
      request_time: new Date(Math.floor(from + i * step)).toISOString(),
      input_token_count: 0,
      output_token_count: 0,
      input_character_count: 0,
      output_character_count: 0,
      usage_context: null,
      // SQLite keeps booleans as 0 / 1; the engine answers them as false / true
      request_streaming: 0,
      served_entity_id: id,
    };
  });
  store.sql.insert(ENDPOINT_USAGE_TABLE, rows);
}
