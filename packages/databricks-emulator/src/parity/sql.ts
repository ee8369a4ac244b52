import { SOURCES } from './sources';
import { ParityCase } from './types';

/** SQL Statement Execution: inline JSON_ARRAY results in chunks, failures, polling and cancel. */

const STATE = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELED',
  'CLOSED',
] as const;

export const sqlCases: ParityCase[] = [
  {
    id: 'sql.statements.execute',
    calls: ['statementExecution.executeStatement'],
    behaviour:
      'POST /api/2.0/sql/statements with format JSON_ARRAY and disposition INLINE answers status.state SUCCEEDED within wait_timeout, the manifest (columns with name, type_name, position) and result.data_array of strings.',
    sources: [
      SOURCES.restStatements,
      SOURCES.docsStatements,
      SOURCES.sdkSqlModel,
    ],
    needs: ['warehouseId'],
    run: t =>
      t.client.statementExecution.executeStatement({
        warehouse_id: t.names.warehouseId!,
        statement: "SELECT 1 AS n, 'a' AS s, CAST(:x AS DOUBLE) AS d",
        parameters: [{ name: 'x', value: '2.5', type: 'DOUBLE' }],
        format: 'JSON_ARRAY',
        disposition: 'INLINE',
        wait_timeout: '30s',
      }),
    expect: {
      shape: {
        statement_id: 'string',
        'status.state': ['SUCCEEDED'],
        'manifest.format?': ['JSON_ARRAY'],
        'manifest.schema.columns[].name': 'string',
        'manifest.schema.columns[].type_name': 'string',
        'manifest.schema.columns[].position': 'number',
        'manifest.total_chunk_count?': 'number',
        'result.data_array[].[]': 'string',
      },
    },
  },
  {
    id: 'sql.statements.failed',
    calls: ['statementExecution.executeStatement'],
    behaviour:
      'A statement the warehouse cannot run answers HTTP 200 with status.state FAILED and status.error { error_code, message }, not an HTTP error.',
    sources: [
      SOURCES.restStatements,
      SOURCES.sdkSqlModel,
      SOURCES.cliFakeStatements,
    ],
    needs: ['warehouseId'],
    run: t =>
      t.client.statementExecution.executeStatement({
        warehouse_id: t.names.warehouseId!,
        statement:
          'SELECT * FROM parity_no_such_catalog.no_such_schema.no_such_table',
        format: 'JSON_ARRAY',
        wait_timeout: '30s',
      }),
    expect: {
      shape: {
        'status.state': ['FAILED'],
        'status.error.error_code': ['BAD_REQUEST', 'NOT_FOUND', 'UNKNOWN'],
        'status.error.message': 'string',
      },
    },
  },
  {
    id: 'sql.statements.poll-and-cancel',
    calls: [
      'statementExecution.getStatement',
      'statementExecution.cancelExecution',
    ],
    behaviour:
      'With wait_timeout 0s the answer comes before the result; GET .../statements/{id} polls it; POST .../cancel is accepted even once it has ended.',
    sources: [SOURCES.restStatements, SOURCES.sdkSqlModel],
    needs: ['warehouseId'],
    run: async t => {
      const submitted = await t.client.statementExecution.executeStatement({
        warehouse_id: t.names.warehouseId!,
        statement: 'SELECT 1 AS n',
        format: 'JSON_ARRAY',
        wait_timeout: '0s',
      });
      const polled = await t.settle(
        () =>
          t.client.statementExecution.getStatement({
            statement_id: submitted.statement_id!,
          }),
        s => !['PENDING', 'RUNNING'].includes(s.status?.state ?? ''),
      );
      await t.client.statementExecution.cancelExecution({
        statement_id: submitted.statement_id!,
      });
      return {
        submitted: submitted.status?.state,
        polled: polled.status?.state,
      };
    },
    expect: { shape: { submitted: STATE, polled: ['SUCCEEDED'] } },
  },
  {
    id: 'sql.statements.chunks',
    calls: ['statementExecution.getStatementResultChunkN'],
    behaviour:
      'A result of more rows than one chunk holds is paged: manifest.total_chunk_count, and GET .../result/chunks/{n} answers chunk n with its data_array.',
    sources: [SOURCES.restStatements, SOURCES.sdkSqlModel],
    needs: ['warehouseId'],
    run: async t => {
      const st = await t.client.statementExecution.executeStatement({
        warehouse_id: t.names.warehouseId!,
        statement: 'SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3',
        format: 'JSON_ARRAY',
        wait_timeout: '30s',
      });
      const chunk = await t.client.statementExecution.getStatementResultChunkN({
        statement_id: st.statement_id!,
        chunk_index: 0,
      });
      return { chunks: st.manifest?.total_chunk_count, chunk };
    },
    expect: {
      shape: {
        chunks: 'number',
        'chunk.chunk_index?': 'number',
        'chunk.data_array[].[]': 'string',
      },
    },
  },
  {
    id: 'sql.system-serving.per-version-counts',
    calls: ['statementExecution.executeStatement'],
    behaviour:
      'system.serving.endpoint_usage (a row per request, with status_code, request_time, served_entity_id) joined to system.serving.served_entities (endpoint_name, entity_name, entity_version per config) gives exact request and error counts per served version; the tables exist once an admin enables the system.serving schema.',
    sources: [SOURCES.docsSystemTables, SOURCES.docsAiGatewayDashboard],
    needs: ['warehouseId', 'endpoint'],
    run: t =>
      t.client.statementExecution.executeStatement({
        warehouse_id: t.names.warehouseId!,
        statement: `SELECT se.entity_version AS version, count(*) AS requests,
                      sum(CASE WHEN u.status_code >= 500 THEN 1 ELSE 0 END) AS errors
                    FROM system.serving.endpoint_usage u
                    JOIN system.serving.served_entities se ON u.served_entity_id = se.served_entity_id
                    WHERE se.endpoint_name = :endpoint
                    GROUP BY se.entity_version`,
        parameters: [
          { name: 'endpoint', value: t.names.endpoint!, type: 'STRING' },
        ],
        format: 'JSON_ARRAY',
        wait_timeout: '50s',
      }),
    expect: {
      shape: {
        'status.state': ['SUCCEEDED'],
        'manifest.schema.columns[].name': ['version', 'requests', 'errors'],
        'result.data_array[].[]?': 'string',
      },
    },
  },
];
