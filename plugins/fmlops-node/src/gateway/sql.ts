import type { sql } from '@databricks/sdk-experimental';
import {
  DatabricksConflictError,
  DatabricksError,
  DatabricksErrorContext,
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
  DatabricksPermissionError,
  DatabricksUnavailableError,
} from '../errors';
import { WorkspaceCalls } from './calls';
import { LISTING_CAPS } from './listing';
import { SqlRow, toRows } from './sqlRows';

/** @public */
export interface SqlParameter {
  name: string;
  value: string | null;
  /** a SQL type such as INT, DOUBLE, TIMESTAMP; STRING when left out */
  type?: string;
}

/** @public */
export interface ExecuteStatementOptions {
  /**
   * Whether submitting the statement twice is harmless, so a failed submission may be retried.
   * Default: true for SELECT, SHOW, DESCRIBE and EXPLAIN statements.
   */
  idempotent?: boolean;
  /** most rows accepted; more fail the call instead of being cut silently */
  maxRows?: number;
}

const READ_ONLY_STATEMENT = /^\s*(SELECT|SHOW|DESCRIBE|EXPLAIN)\b/i;
const STATEMENT_DONE = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** SQL statement execution on the workspace's warehouse: submit, poll, fetch chunks, cancel. */
export class SqlCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  /**
   * Runs a statement on the workspace's SQL warehouse and returns its rows as objects keyed by
   * column, numbers converted by column type. Waits inline briefly, then polls with backoff until
   * `timeouts.statementSeconds` (then cancels it); fetches every chunk.
   */
  async executeStatement(
    workspace: string,
    statement: string,
    parameters: SqlParameter[] = [],
    options: ExecuteStatementOptions = {},
  ): Promise<SqlRow[]> {
    const settings = this.calls.settings(workspace);
    const submitOp = 'statementExecution.executeStatement';
    const warehouseId = settings.warehouseId;
    if (!warehouseId) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: submitOp },
        `no SQL warehouse configured (fmlops.workspaces.${workspace}.warehouseId)`,
      );
    }
    if (!statement.trim()) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: submitOp },
        'the statement is empty',
      );
    }
    const maxRows = options.maxRows ?? LISTING_CAPS.sqlRows;
    const idempotent =
      options.idempotent ?? READ_ONLY_STATEMENT.test(statement);
    // hold the request open a while, within its deadline (the API allows 0 or 5..50 s)
    const inlineSeconds = Math.min(
      50,
      Math.floor(settings.requestTimeoutMs / 1000) - 2,
    );
    const deadline = Date.now() + settings.statementTimeoutMs;

    let response = await this.calls.call(
      workspace,
      submitOp,
      idempotent ? 'idempotent' : 'not-idempotent',
      (c, ctx) =>
        c.statementExecution.executeStatement(
          {
            warehouse_id: warehouseId,
            statement,
            parameters: parameters.map(p => ({
              name: p.name,
              ...(p.value === null ? {} : { value: p.value }),
              ...(p.type ? { type: p.type } : {}),
            })),
            wait_timeout: inlineSeconds >= 5 ? `${inlineSeconds}s` : '0s',
            on_wait_timeout: 'CONTINUE',
            format: 'JSON_ARRAY',
            disposition: 'INLINE',
          },
          ctx,
        ),
    );
    const statementId = response.statement_id;
    let delay = 100;
    while (!STATEMENT_DONE.has(response.status?.state ?? 'SUCCEEDED')) {
      if (!statementId) {
        throw new DatabricksUnavailableError(
          { workspace, operation: submitOp },
          'the warehouse answered a pending statement without its id',
          { transient: false },
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        await this.cancelStatement(workspace, statementId);
        throw new DatabricksUnavailableError(
          { workspace, operation: 'statementExecution.getStatement' },
          `statement ${statementId} did not finish within ${settings.statementTimeoutMs} ms; cancelled`,
        );
      }
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, 2000);
      response = await this.calls.call(
        workspace,
        'statementExecution.getStatement',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatement({ statement_id: statementId }, ctx),
      );
    }
    const state = response.status?.state;
    if (state !== 'SUCCEEDED') {
      throw statementFailure(
        { workspace, operation: submitOp },
        response.status,
        statementId,
      );
    }
    if (response.manifest?.truncated) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: submitOp },
        `statement ${statementId} returned more than fits inline; narrow the query`,
      );
    }
    const totalRows = response.manifest?.total_row_count ?? 0;
    if (totalRows > maxRows) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: submitOp },
        `statement ${statementId} returned ${totalRows} rows, more than the ${maxRows} accepted; narrow the query`,
      );
    }
    const data: Array<Array<string | null>> = [
      ...((response.result?.data_array as Array<Array<string | null>>) ?? []),
    ];
    let next = response.result?.next_chunk_index;
    while (next !== undefined && next !== null) {
      const chunkIndex = next;
      const chunk: sql.ResultData = await this.calls.call(
        workspace,
        'statementExecution.getStatementResultChunkN',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatementResultChunkN(
            { statement_id: statementId!, chunk_index: chunkIndex },
            ctx,
          ),
      );
      data.push(...((chunk.data_array as Array<Array<string | null>>) ?? []));
      if (data.length > maxRows) {
        throw new DatabricksInvalidRequestError(
          { workspace, operation: submitOp },
          `statement ${statementId} returned more than the ${maxRows} rows accepted; narrow the query`,
        );
      }
      next = chunk.next_chunk_index;
    }
    return toRows(response.manifest?.schema?.columns ?? [], data);
  }

  private async cancelStatement(workspace: string, statementId: string) {
    try {
      await this.calls.call(
        workspace,
        'statementExecution.cancelExecution',
        'idempotent',
        (c, ctx) =>
          c.statementExecution.cancelExecution(
            { statement_id: statementId },
            ctx,
          ),
      );
    } catch (error) {
      // the time-out is the failure worth reporting; the warehouse ends the statement anyway
      this.calls.logger.debug(
        `could not cancel statement ${statementId} on ${workspace}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

/** A statement that ended without a result, as the typed error its error code suggests. */
function statementFailure(
  context: Pick<DatabricksErrorContext, 'workspace' | 'operation'>,
  status: sql.StatementStatus | undefined,
  statementId: string | undefined,
): DatabricksError {
  const errorCode = status?.error?.error_code;
  const full = { ...context, errorCode };
  const message =
    status?.error?.message ??
    `statement ${statementId ?? ''} ended ${
      status?.state ?? 'without a state'
    }`;
  switch (errorCode) {
    case 'NOT_FOUND':
      return new DatabricksNotFoundError(full, message);
    case 'UNAUTHENTICATED':
      return new DatabricksPermissionError(full, message);
    case 'ALREADY_EXISTS':
      return new DatabricksConflictError(full, message);
    case 'TEMPORARILY_UNAVAILABLE':
    case 'WORKSPACE_TEMPORARILY_UNAVAILABLE':
    case 'SERVICE_UNDER_MAINTENANCE':
    case 'RESOURCE_EXHAUSTED':
    case 'DEADLINE_EXCEEDED':
    case 'INTERNAL_ERROR':
    case 'IO_ERROR':
    case 'ABORTED':
      // the statement ran and failed: repeating it is the caller's decision, not a retry's
      return new DatabricksUnavailableError(full, message, {
        transient: false,
      });
    default:
      return status?.state === 'FAILED'
        ? new DatabricksInvalidRequestError(full, message)
        : new DatabricksUnavailableError(full, message, { transient: false });
  }
}
