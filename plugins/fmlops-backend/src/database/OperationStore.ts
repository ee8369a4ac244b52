import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ACTIVE_OPERATION_STATUSES,
  AuditEvent,
  Evidence,
  Operation,
  OperationStepRecord,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { Knex } from 'knex';
import { OperationState } from '../operations/reconcile';
import { legacyTargetOf } from '../operations/servingTarget';

/** An operation as stored: what the API shows plus the state machine's state. */
export interface StoredOperation extends Operation {
  /** the serving endpoint it acts on (see `servingTargetOf`) */
  servingTarget: string;
  state: OperationState;
  revision: number;
  nextTickAt: number;
}

interface OperationRow {
  id: string;
  entity_ref: string;
  serving_target: string;
  environment: string | null;
  type: string;
  status: string;
  phase: string;
  requested_by: string;
  reason: string | null;
  idempotency_key: string | null;
  state: string;
  evidence: string;
  history: string;
  message: string | null;
  created_at: number | string;
  updated_at: number | string;
  next_tick_at: number | string;
  revision: number;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

function fromRow(row: OperationRow): StoredOperation {
  const state = JSON.parse(row.state) as OperationState;
  return {
    id: row.id,
    entityRef: row.entity_ref,
    servingTarget: row.serving_target,
    // NULL: written before models had environments, so the entity's default one
    ...(row.environment ? { environment: row.environment } : {}),
    type: row.type as Operation['type'],
    status: row.status as Operation['status'],
    phase: row.phase,
    requestedBy: row.requested_by,
    reason: row.reason ?? undefined,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    steps: state.steps,
    stepIndex: state.stepIndex,
    bakeUntil: state.bakeUntil,
    challengerVersion: state.challengerVersion,
    championVersion: state.championVersion,
    before: state.before,
    after: state.target,
    jobRunId: state.jobRunId,
    message: row.message ?? undefined,
    evidence: JSON.parse(row.evidence) as Evidence[],
    history: JSON.parse(row.history) as OperationStepRecord[],
    state,
    revision: row.revision,
    nextTickAt: Number(row.next_tick_at),
  };
}

/** What the portfolio shows of an active operation. */
export interface ActiveOperationSummary {
  id: string;
  type: string;
  status: string;
  phase: string;
}

export interface NewOperation {
  id: string;
  entityRef: string;
  servingTarget: string;
  /** the model's environment it acts in */
  environment: string;
  requestedBy: string;
  reason?: string;
  idempotencyKey?: string;
  state: OperationState;
  message: string;
  now: number;
  /** the history event of the start, written in the same transaction */
  audit?: AuditEvent;
}

export interface OperationUpdate {
  state: OperationState;
  message?: string;
  newEvidence?: Evidence[];
  newHistory?: OperationStepRecord[];
  nextTickAt: number;
  now: number;
  /** the history event of this change, written in the same transaction: both or neither */
  audit?: AuditEvent;
}

const isUniqueViolation = (e: unknown) =>
  /unique|duplicate|constraint/i.test(String((e as Error)?.message ?? e));

/**
 * Operations, the one-active-operation lock and the audit history, all per serving endpoint (its
 * serving target): the entities that name one endpoint share them. Hides knex.
 */
export class OperationStore {
  constructor(private readonly db: Knex) {}

  /**
   * Creates an operation and takes its endpoint's lock in one transaction. The same idempotency
   * key returns the operation it created before; another active operation on the endpoint is a 409.
   */
  async create(
    input: NewOperation,
  ): Promise<{ operation: StoredOperation; created: boolean }> {
    if (input.idempotencyKey) {
      const existing = await this.byIdempotencyKey(
        input.entityRef,
        input.idempotencyKey,
      );
      if (existing) {
        return { operation: existing, created: false };
      }
    }
    const active = !['succeeded', 'failed', 'aborted', 'rolled-back'].includes(
      input.state.status,
    );
    try {
      await this.db.transaction(async tx => {
        await tx('fmlops_operations').insert({
          id: input.id,
          entity_ref: input.entityRef,
          serving_target: input.servingTarget,
          environment: input.environment,
          type: input.state.type,
          status: input.state.status,
          phase: input.state.phase,
          requested_by: input.requestedBy,
          reason: input.reason ?? null,
          idempotency_key: input.idempotencyKey ?? null,
          state: JSON.stringify(input.state),
          evidence: '[]',
          history: JSON.stringify([
            {
              at: iso(input.now),
              phase: input.state.phase,
              message: input.message,
            },
          ]),
          message: input.message,
          created_at: input.now,
          updated_at: input.now,
          next_tick_at: input.now,
          revision: 0,
        });
        if (active) {
          await tx('fmlops_operation_locks').insert({
            serving_target: input.servingTarget,
            operation_id: input.id,
            entity_ref: input.entityRef,
          });
        }
        if (input.audit) {
          await insertAudit(
            tx,
            input.audit,
            input.servingTarget,
            input.environment,
          );
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      if (input.idempotencyKey) {
        const raced = await this.byIdempotencyKey(
          input.entityRef,
          input.idempotencyKey,
        );
        if (raced) {
          return { operation: raced, created: false };
        }
      }
      const current = await this.active(input.servingTarget);
      throw new ConflictError(
        current
          ? `The serving endpoint ${input.servingTarget} of ${
              input.entityRef
            } already has an active ${current.type} operation (${current.id}, ${
              current.status
            }, ${current.phase}${
              current.entityRef === input.entityRef
                ? ''
                : `, started on ${current.entityRef}`
            }); wait for it, or pause or abort it first`
          : `The serving endpoint ${input.servingTarget} of ${input.entityRef} already has an active operation`,
      );
    }
    return { operation: (await this.get(input.id))!, created: true };
  }

  async get(id: string): Promise<StoredOperation | undefined> {
    const row = await this.db<OperationRow>('fmlops_operations')
      .where({ id })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The operation, if it acts on this serving endpoint; 404 otherwise. */
  async getForTarget(
    servingTarget: string,
    id: string,
  ): Promise<StoredOperation> {
    const op = await this.get(id);
    if (!op || op.servingTarget !== servingTarget) {
      throw new NotFoundError(
        `No operation ${id} on the serving endpoint ${servingTarget}`,
      );
    }
    return op;
  }

  /** The running or paused operation on the serving endpoint, if any. */
  async active(servingTarget: string): Promise<StoredOperation | undefined> {
    const lock = await this.db('fmlops_operation_locks')
      .where({ serving_target: servingTarget })
      .first();
    return lock ? this.get(lock.operation_id) : undefined;
  }

  /** Every active operation, by the serving endpoint it holds: one query for the portfolio. */
  async allActive(): Promise<Map<string, ActiveOperationSummary>> {
    const rows = await this.db('fmlops_operation_locks as l')
      .join('fmlops_operations as o', 'o.id', 'l.operation_id')
      .select('l.serving_target', 'o.id', 'o.type', 'o.status', 'o.phase');
    return new Map(
      rows.map(r => [
        r.serving_target,
        { id: r.id, type: r.type, status: r.status, phase: r.phase },
      ]),
    );
  }

  /** Operations on the serving endpoint, newest first. */
  async list(
    servingTarget: string,
    options: { activeOnly?: boolean; limit?: number } = {},
  ): Promise<StoredOperation[]> {
    let query = this.db<OperationRow>('fmlops_operations')
      .where({ serving_target: servingTarget })
      .orderBy('created_at', 'desc')
      .limit(options.limit ?? 50);
    if (options.activeOnly) {
      query = query.whereIn('status', ACTIVE_OPERATION_STATUSES);
    }
    return (await query).map(fromRow);
  }

  /** Running operations whose next look is due. */
  async due(now: number, limit = 100): Promise<StoredOperation[]> {
    const rows = await this.db<OperationRow>('fmlops_operations')
      .where('status', 'running')
      .andWhere('next_tick_at', '<=', now)
      .orderBy('next_tick_at', 'asc')
      .limit(limit);
    return rows.map(fromRow);
  }

  /**
   * Records a step, only if nobody else did since `revision` was read; releases the endpoint's
   * lock when the operation ends. Returns false when the revision moved (someone else advanced it).
   */
  async update(op: StoredOperation, update: OperationUpdate): Promise<boolean> {
    const ended = !ACTIVE_OPERATION_STATUSES.includes(update.state.status);
    return this.db.transaction(async tx => {
      const count = await tx('fmlops_operations')
        .where({ id: op.id, revision: op.revision })
        .update({
          status: update.state.status,
          phase: update.state.phase,
          state: JSON.stringify(update.state),
          evidence: JSON.stringify([
            ...op.evidence,
            ...(update.newEvidence ?? []),
          ]),
          history: JSON.stringify([
            ...op.history,
            ...(update.newHistory ?? []),
          ]),
          message: update.message ?? op.message ?? null,
          updated_at: update.now,
          next_tick_at: update.nextTickAt,
          revision: op.revision + 1,
        });
      if (count === 0) {
        return false;
      }
      if (ended) {
        // by operation: a lock adopted under another key is released too
        await tx('fmlops_operation_locks')
          .where({ operation_id: op.id })
          .delete();
      }
      if (update.audit) {
        await insertAudit(tx, update.audit, op.servingTarget, op.environment);
      }
      return true;
    });
  }

  /** Appends an event to the serving endpoint's history. */
  async appendAudit(event: AuditEvent, servingTarget: string): Promise<void> {
    await insertAudit(this.db, event, servingTarget);
  }

  /** What the portal last saw the serving endpoint serve, if it looked before. */
  async lastObservedRoutes(
    servingTarget: string,
  ): Promise<{ routes: TrafficRoute[]; observedAt: number } | undefined> {
    const row = await this.db('fmlops_serving_observations')
      .where({ serving_target: servingTarget })
      .first();
    return row
      ? {
          routes: JSON.parse(row.routes) as TrafficRoute[],
          observedAt: Number(row.observed_at),
        }
      : undefined;
  }

  /**
   * Records what the endpoint serves now, and with it (in one transaction) the history event of a
   * change made outside the portal when there is one.
   */
  async observeRoutes(
    servingTarget: string,
    routes: TrafficRoute[],
    now: number,
    external?: AuditEvent,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('fmlops_serving_observations')
        .insert({
          serving_target: servingTarget,
          routes: JSON.stringify(routes),
          observed_at: now,
        })
        .onConflict('serving_target')
        .merge();
      if (external) {
        await insertAudit(tx, external, servingTarget);
      }
    });
  }

  /** The serving endpoint's history, newest first, whichever entity each event came through. */
  async history(servingTarget: string, limit = 100): Promise<AuditEvent[]> {
    const rows = await this.db('fmlops_audit')
      .where({ serving_target: servingTarget })
      .orderBy('seq', 'desc')
      .limit(limit);
    return rows.map(r => ({
      id: r.id,
      entityRef: r.entity_ref,
      ...(r.environment ? { environment: r.environment } : {}),
      operationId: r.operation_id ?? undefined,
      type: r.type,
      actor: r.actor,
      reason: r.reason ?? undefined,
      outcome: r.outcome,
      at: iso(r.at),
      before: r.before ? JSON.parse(r.before) : undefined,
      after: r.after ? JSON.parse(r.after) : undefined,
      evidence: r.evidence ? JSON.parse(r.evidence) : undefined,
    }));
  }

  /**
   * Entities whose operations or history predate serving targets (migration
   * 20261201120000_serving_target), still keyed `entity:<entity ref>`.
   */
  async entitiesWithLegacyTargets(): Promise<string[]> {
    const [operations, audit] = await Promise.all(
      ['fmlops_operations', 'fmlops_audit'].map(table =>
        this.db(table)
          .distinct('entity_ref')
          .where('serving_target', 'like', legacyTargetOf('%'))
          .pluck('entity_ref'),
      ),
    );
    return [...new Set([...operations, ...audit])];
  }

  /**
   * Moves an entity's rows from its legacy key to the serving endpoint it names now: its
   * operations, its history and, unless another operation holds the endpoint already, the lock of
   * its running one.
   */
  async adoptLegacyTarget(
    entityRef: string,
    servingTarget: string,
  ): Promise<void> {
    const legacy = legacyTargetOf(entityRef);
    await this.db.transaction(async tx => {
      for (const table of ['fmlops_operations', 'fmlops_audit']) {
        await tx(table)
          .where({ serving_target: legacy })
          .update({ serving_target: servingTarget });
      }
      const taken = await tx('fmlops_operation_locks')
        .where({ serving_target: servingTarget })
        .first();
      if (!taken) {
        await tx('fmlops_operation_locks')
          .where({ serving_target: legacy })
          .update({ serving_target: servingTarget });
      }
    });
  }

  private async byIdempotencyKey(entityRef: string, key: string) {
    const row = await this.db<OperationRow>('fmlops_operations')
      .where({ entity_ref: entityRef, idempotency_key: key })
      .first();
    return row ? fromRow(row) : undefined;
  }
}

/** Writes a history event; one about an operation is in the operation's environment. */
function insertAudit(
  db: Knex | Knex.Transaction,
  event: AuditEvent,
  servingTarget: string,
  environment?: string,
) {
  return db('fmlops_audit').insert({
    id: event.id,
    entity_ref: event.entityRef,
    serving_target: servingTarget,
    environment: event.environment ?? environment ?? null,
    operation_id: event.operationId ?? null,
    type: event.type,
    actor: event.actor,
    reason: event.reason ?? null,
    outcome: event.outcome,
    before: event.before ? JSON.stringify(event.before) : null,
    after: event.after ? JSON.stringify(event.after) : null,
    evidence: event.evidence ? JSON.stringify(event.evidence) : null,
    at: Date.parse(event.at),
  });
}
