import type { sql } from '@databricks/sdk-experimental';
import { randomUUID } from 'node:crypto';
import { ApiError, invalid, notFound } from '../domain/errors';
import { SqlError, typeText } from '../domain/sql';
import { StatementState, WorkspaceStore } from './store';

/**
 * The SQL Statement Execution API: statements run on the embedded engine (domain/sql.ts) at
 * once, and are answered after `statementExecutionMs` of emulated time, inline within
 * `wait_timeout` or to a later poll, in chunks of `statementChunkRows` rows.
 */
export class StatementExecutionService {
  constructor(private readonly store: WorkspaceStore) {}

  submitStatement(
    body: sql.ExecuteStatementRequest,
    warehouses: Set<string>,
  ): sql.StatementResponse {
    if (!body.warehouse_id || !warehouses.has(body.warehouse_id)) {
      throw new ApiError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Warehouse '${body.warehouse_id}' does not exist.`,
      );
    }
    if (typeof body.statement !== 'string' || !body.statement.trim())
      throw invalid('statement is required.');
    const parameters = body.parameters ?? [];
    if (
      !Array.isArray(parameters) ||
      !parameters.every(
        p => p && typeof p === 'object' && typeof p.name === 'string',
      )
    )
      throw invalid('parameters must be a list of { name, value, type }.');
    if (
      body.row_limit !== undefined &&
      !(Number.isInteger(body.row_limit) && body.row_limit >= 0)
    )
      throw invalid(
        `row_limit must be a whole number ≥ 0, got ${body.row_limit}.`,
      );
    if (body.format && body.format !== 'JSON_ARRAY')
      throw invalid(
        `The local workspace answers format JSON_ARRAY only, not ${body.format}.`,
      );
    if (body.disposition && body.disposition !== 'INLINE')
      throw invalid(
        `The local workspace answers disposition INLINE only, not ${body.disposition}.`,
      );
    const wait = parseWaitTimeout(body.wait_timeout);
    const id = `01ef${randomUUID().replace(/-/g, '').slice(0, 28)}`;
    const now = this.store.now();
    const st: StatementState = {
      id,
      createdAt: now,
      readyAt: now + this.store.options.statementExecutionMs,
      state: 'PENDING',
    };
    this.store.statements.set(id, st);
    try {
      const result = this.store.sql.execute(
        body.statement,
        parameters.map(p => ({
          name: p.name,
          value: p.value,
          type: p.type,
        })),
      );
      st.result = {
        columns: result.columns.map(c => ({
          name: c.name,
          type_name: c.type_name as sql.ColumnInfoTypeName,
          type_text: typeText(c.type_name),
          position: c.position,
        })),
        rows:
          body.row_limit !== undefined
            ? result.rows.slice(0, body.row_limit)
            : result.rows,
        truncated:
          body.row_limit !== undefined && result.rows.length > body.row_limit,
      };
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      st.error = { error_code: 'BAD_REQUEST', message: e.message };
    }
    if (wait === 0) {
      // asynchronous mode: the caller polls
      return { statement_id: id, status: { state: 'PENDING' } };
    }
    if (wait * 1000 >= this.store.options.statementExecutionMs) {
      st.readyAt = now;
    } else if (body.on_wait_timeout === 'CANCEL') {
      st.state = 'CANCELED';
    }
    return this.statementView(st);
  }

  getStatement(id: string): sql.StatementResponse {
    const st = this.store.statements.get(id);
    if (!st) throw notFound(`Statement '${id}'`);
    return this.statementView(st);
  }

  cancelStatement(id: string) {
    const st = this.store.statements.get(id);
    if (!st) throw notFound(`Statement '${id}'`);
    if (st.state === 'PENDING' || st.state === 'RUNNING') st.state = 'CANCELED';
  }

  private statementView(st: StatementState): sql.StatementResponse {
    if (st.state === 'PENDING' || st.state === 'RUNNING') {
      if (this.store.now() >= st.readyAt)
        st.state = st.error ? 'FAILED' : 'SUCCEEDED';
      else if (this.store.now() >= st.createdAt) st.state = 'RUNNING';
    }
    if (st.state !== 'SUCCEEDED') {
      return {
        statement_id: st.id,
        status: {
          state: st.state,
          ...(st.state === 'FAILED'
            ? { error: st.error as sql.ServiceError }
            : {}),
        },
      };
    }
    const { columns, rows } = st.result!;
    const chunkRows = this.store.options.statementChunkRows;
    const chunkCount = Math.max(1, Math.ceil(rows.length / chunkRows));
    return {
      statement_id: st.id,
      status: { state: 'SUCCEEDED' },
      manifest: {
        format: 'JSON_ARRAY',
        schema: { column_count: columns.length, columns },
        total_chunk_count: chunkCount,
        total_row_count: rows.length,
        truncated: st.result!.truncated,
        chunks: Array.from({ length: chunkCount }, (_, i) => ({
          chunk_index: i,
          row_offset: i * chunkRows,
          row_count: Math.min(chunkRows, rows.length - i * chunkRows),
        })),
      },
      result: this.chunk(st, 0),
    };
  }

  chunk(st: StatementState | string, index: number): sql.ResultData {
    const state = typeof st === 'string' ? this.store.statements.get(st) : st;
    if (!state) throw notFound(`Statement '${st}'`);
    if (state.state !== 'SUCCEEDED' || !state.result)
      throw invalid(`Statement ${state.id} has no result.`);
    const chunkRows = this.store.options.statementChunkRows;
    const rows = state.result.rows;
    const chunkCount = Math.max(1, Math.ceil(rows.length / chunkRows));
    if (!Number.isInteger(index) || index < 0 || index >= chunkCount)
      throw invalid(`Chunk ${index} is out of range 0..${chunkCount - 1}.`);
    const data = rows.slice(index * chunkRows, (index + 1) * chunkRows);
    const next = index + 1 < chunkCount ? index + 1 : undefined;
    return {
      chunk_index: index,
      row_offset: index * chunkRows,
      row_count: data.length,
      data_array: data as unknown as string[][],
      ...(next !== undefined
        ? {
            next_chunk_index: next,
            next_chunk_internal_link: `/api/2.0/sql/statements/${state.id}/result/chunks/${next}`,
          }
        : {}),
    };
  }
}

/** '0s' or '5s'..'50s' as the API allows; seconds. */
function parseWaitTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  const m = /^(\d+)s$/.exec(value);
  const seconds = m ? Number(m[1]) : NaN;
  if (!(seconds === 0 || (seconds >= 5 && seconds <= 50))) {
    throw invalid(
      `wait_timeout must be 0s or between 5s and 50s, got ${value}.`,
    );
  }
  return seconds;
}
