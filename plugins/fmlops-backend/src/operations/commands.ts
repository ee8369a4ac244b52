import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ACTIVE_OPERATION_STATUSES,
  AuditEvent,
  Operation,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { randomUUID } from 'node:crypto';
import { OperationStore, StoredOperation } from '../database/OperationStore';
import { ResolvedModel } from '../service/ModelCatalog';
import { decided, PROMOTION_PHASES } from './promoteToEnv';
import { nextStep, OperationState } from './reconcile';
import { servingTargetOf } from './servingTarget';

export type OperationCommand =
  | 'pause'
  | 'resume'
  | 'abort'
  | 'approve'
  | 'reject';

/** How the history says a decision was made. */
const PAST: Partial<Record<OperationCommand, string>> = {
  approve: 'approved',
  reject: 'rejected',
};

/** Before its roll-out, a promote-to-env has moved no traffic: an abort restores nothing. */
const beforeRollout = (state: OperationState) =>
  state.type === 'retrain' ||
  (state.type === 'promote-to-env' &&
    (PROMOTION_PHASES as readonly string[]).includes(state.phase));

export interface OperationCommandsOptions {
  store: OperationStore;
  /** wakes the controller so a new or commanded operation moves at once */
  wake: () => void;
  onAudit?: (event: AuditEvent, model: ResolvedModel) => void;
  /** cancels the job run a retrain started (idempotent); called before an abort is recorded */
  cancelJobRun: (model: ResolvedModel, runId: string) => Promise<void>;
  /** how long an operation may run before the controller pauses it for a human */
  deadlineMs: number;
  now: () => Date;
}

/** A history event about a model (in its environment) or an operation, stamped now. */
export function auditEvent(
  about: { entityRef: string; environment?: string },
  event: Omit<AuditEvent, 'id' | 'entityRef' | 'at'>,
  now: Date,
): AuditEvent {
  return {
    ...(about.environment ? { environment: about.environment } : {}),
    ...event,
    id: randomUUID(),
    entityRef: about.entityRef,
    at: now.toISOString(),
  };
}

/**
 * The writes of an operation's life outside the controller: starting it (idempotent by the
 * request's key), commanding the active one, and the audit trail of both.
 */
export class OperationCommands {
  constructor(private readonly options: OperationCommandsOptions) {}

  /** Records a new operation in its first state, unless the idempotency key names one. */
  async start(
    model: ResolvedModel,
    actor: string,
    request: OperationRequest,
    state: OperationState,
  ): Promise<{ operation: Operation; created: boolean }> {
    if (state.type === 'rollback') {
      await this.supersedeWaitingPromotion(model, actor);
    }
    const id = randomUUID();
    const now = this.options.now();
    const audit = auditEvent(
      model,
      {
        operationId: id,
        environment: model.environment,
        type: request.type,
        actor,
        reason: request.reason,
        outcome:
          state.status === 'awaiting-approval'
            ? 'awaiting-approval'
            : 'started',
        before: state.before.length ? state.before : undefined,
        after: state.target,
      },
      now,
    );
    const result = await this.options.store.create({
      id,
      entityRef: model.entityRef,
      servingTarget: servingTargetOf(model),
      environment: model.environment,
      requestedBy: actor,
      reason: request.reason,
      idempotencyKey: request.idempotencyKey,
      state: {
        ...state,
        ...(state.type === 'retrain' || state.type === 'promote-to-env'
          ? { jobIdempotencyToken: id }
          : {}),
        deadlineAt: new Date(
          now.getTime() + this.options.deadlineMs,
        ).toISOString(),
      },
      message: `${request.type} requested by ${actor}${
        request.reason ? `: ${request.reason}` : ''
      }${
        state.status === 'awaiting-approval'
          ? '; waiting for approval by someone else'
          : ''
      }`,
      now: now.getTime(),
      audit,
    });
    if (result.created) {
      this.options.onAudit?.(audit, model);
      this.options.wake();
    }
    return { operation: publicView(result.operation), created: result.created };
  }

  /**
   * Ends a promotion that waits for approval on the model's endpoint, for a rollback: it has
   * touched nothing yet, and a rollback cannot wait for somebody's approval of something else.
   */
  private async supersedeWaitingPromotion(model: ResolvedModel, actor: string) {
    const { store } = this.options;
    const waiting = await store.active(servingTargetOf(model));
    if (waiting?.state.status !== 'awaiting-approval') {
      return;
    }
    const now = this.options.now();
    const reason = `superseded by a rollback by ${actor}; request the promotion again once the endpoint is healthy`;
    const audit = auditEvent(
      model,
      {
        operationId: waiting.id,
        environment: model.environment,
        type: 'abort',
        actor,
        reason,
        outcome: 'aborted',
      },
      now,
    );
    const ended = await store.update(waiting, {
      state: { ...waiting.state, status: 'aborted', phase: 'done' },
      message: reason,
      newHistory: [{ at: now.toISOString(), phase: 'done', message: reason }],
      nextTickAt: now.getTime(),
      now: now.getTime(),
      audit,
    });
    if (ended) {
      this.options.onAudit?.(audit, model);
    }
  }

  /**
   * Pauses, resumes or aborts the active operation on the model's endpoint, or approves or
   * rejects the promotion awaiting approval there, retrying a concurrent update.
   */
  async commandActive(
    model: ResolvedModel,
    type: OperationCommand,
    actor: string,
    reason?: string,
  ): Promise<Operation> {
    const { store, now } = this.options;
    for (let attempt = 0; attempt < 3; attempt++) {
      const op = await store.active(servingTargetOf(model));
      const deciding = type === 'approve' || type === 'reject';
      if (!op) {
        throw new ConflictError(
          deciding
            ? `${model.entityRef} has no promotion awaiting approval to ${type}`
            : `${model.entityRef} has no running or paused operation to ${type}`,
        );
      }
      assertCommandFits(model, op, type, actor);
      const cancelsRun =
        type === 'abort' &&
        beforeRollout(op.state) &&
        op.state.jobRunId &&
        ACTIVE_OPERATION_STATUSES.includes(op.state.status);
      if (cancelsRun) {
        // cancel first: if the cancel fails, nothing is recorded and the caller may try again
        await this.options.cancelJobRun(model, op.state.jobRunId!);
      }
      const next = commanded(
        op,
        type,
        actor,
        reason,
        now(),
        this.options.deadlineMs,
      );
      const message = `${PAST[type] ?? type} by ${actor}${
        reason ? `: ${reason}` : ''
      }`;
      const audit = auditEvent(
        model,
        {
          operationId: op.id,
          environment: model.environment,
          type,
          actor,
          reason,
          // a rejection ends the promotion: its history line is its end
          outcome: type === 'reject' ? 'aborted' : 'recorded',
        },
        now(),
      );
      const updated = await store.update(op, {
        state: next.state,
        message,
        newHistory: [
          {
            at: now().toISOString(),
            phase: next.state.phase,
            message: cancelsRun
              ? `${message} (job run ${op.state.jobRunId} cancelled)`
              : message,
          },
        ],
        nextTickAt: now().getTime(),
        now: now().getTime(),
        audit,
      });
      if (updated) {
        this.options.onAudit?.(audit, model);
        this.options.wake();
        return publicView((await store.get(op.id))!);
      }
    }
    throw new ConflictError(
      `The operation on ${model.entityRef} changed while it was being updated; try again`,
    );
  }

  /** Records an event in the history of the endpoint it is about (by default, the model's). */
  async audit(
    model: ResolvedModel,
    event: Omit<AuditEvent, 'id' | 'entityRef' | 'at'>,
    servingTarget = servingTargetOf(model),
  ): Promise<void> {
    const full = auditEvent(model, event, this.options.now());
    await this.options.store.appendAudit(full, servingTarget);
    this.options.onAudit?.(full, model);
  }
}

/**
 * Refuses a command that does not fit the active operation: approving or rejecting anything but a
 * promotion awaiting approval (409), deciding one's own promotion or deciding as a service
 * principal (403), and pausing or resuming
 * a promotion before it was approved (409: it does not run yet).
 */
function assertCommandFits(
  model: ResolvedModel,
  op: StoredOperation,
  type: OperationCommand,
  actor: string,
) {
  const awaiting = op.state.status === 'awaiting-approval';
  if (type === 'approve' || type === 'reject') {
    if (!awaiting) {
      throw new ConflictError(
        `Nothing on ${model.entityRef} awaits approval: its active ${op.type} is ${op.status}`,
      );
    }
    if (actor.startsWith('service:')) {
      // the second pair of eyes is a person's: an admin-allowed automation may request, not decide
      throw new NotAllowedError(
        `An approval is a person's decision: ${actor} may not ${type} a promotion`,
      );
    }
    if (op.requestedBy === actor) {
      throw new NotAllowedError(
        `You requested this promotion, so someone else must ${type} it: approvals need a second person`,
      );
    }
  } else if (awaiting && type !== 'abort') {
    throw new ConflictError(
      `The ${op.type} on ${model.entityRef} awaits approval: approve, reject or abort it`,
    );
  }
}

/** The state a command moves the operation to; the controller carries it out. */
function commanded(
  op: StoredOperation,
  type: OperationCommand,
  actor: string,
  reason: string | undefined,
  now: Date,
  deadlineMs: number,
): { state: OperationState } {
  const state = op.state;
  if (type === 'approve' || type === 'reject') {
    return {
      state: decided(
        state,
        type === 'approve' ? 'approved' : 'rejected',
        actor,
        reason ?? '',
        now,
        deadlineMs,
      )!,
    };
  }
  // a human who resumes gives the operation a new deadline
  const deadlineAt = new Date(now.getTime() + deadlineMs).toISOString();
  if (type === 'pause') {
    if (state.status === 'paused') {
      return { state };
    }
    return { state: { ...state, status: 'paused' } };
  }
  if (type === 'resume') {
    if (state.status === 'running') {
      return { state };
    }
    // an inconclusive check paused the canary: a human decided to go on
    if (state.phase === 'checking-health' || state.phase === 'baking') {
      return {
        state: {
          ...nextStep({ ...state, status: 'running' }).next,
          status: 'running',
          deadlineAt,
        },
      };
    }
    return {
      state: {
        ...state,
        status: 'running',
        acceptCurrentConfig: true,
        deadlineAt,
      },
    };
  }
  if (beforeRollout(state)) {
    return { state: { ...state, status: 'aborted', phase: 'done' } };
  }
  return {
    state: {
      ...state,
      status: 'running',
      phase: 'rolling-back',
      rollbackOutcome: 'aborted',
    },
  };
}

/** What the API shows of a stored operation (the state machine's internals stay inside). */
export function publicView(op: StoredOperation): Operation {
  const {
    state: _state,
    revision: _revision,
    nextTickAt: _next,
    servingTarget: _target,
    ...rest
  } = op;
  const { promotion, lineage, approval } = op.state;
  return {
    ...rest,
    ...(promotion ? { sourceEnvironment: promotion.sourceEnvironment } : {}),
    ...(lineage ? { lineage } : {}),
    ...(approval ? { approval } : {}),
  };
}
