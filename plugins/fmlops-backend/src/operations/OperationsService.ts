import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditEvent,
  fmlopsModelReadPermission,
  ModelEvaluation,
  ModelPolicy,
  Operation,
  OperationRequest,
  RolloutPolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { OperationStore } from '../database/OperationStore';
import { BoundResource, resourcesToOperate } from '../service/bindingDecision';
import { ModelCatalog, ResolvedModel } from '../service/ModelCatalog';
import { EntityRefParts } from '../service/ReadPath';
import { OperationCommands, publicView } from './commands';
import { evaluateModel } from './evaluation';
import { promotionState } from './initialState/promotion';
import { retrainState } from './initialState/retrain';
import { rollbackState } from './initialState/rollback';
import { splitState } from './initialState/split';
import { DatabricksOpsPort } from './ports';
import { promoteToEnvState } from './promoteToEnvStart';
import { servingTargetOf } from './servingTarget';
import { assertSplitShape, canarySteps, permissionFor } from './validation';

export interface OperationsServiceOptions {
  store: OperationStore;
  models: ModelCatalog;
  port: DatabricksOpsPort;
  policyFor: (model: ResolvedModel) => ModelPolicy;
  /** refuses a promotion's own roll-out when it is laxer than its workspace's pinned policy */
  assertRolloutAllowed: (
    model: ResolvedModel,
    rollout: Pick<RolloutPolicy, 'strategy' | 'steps'>,
  ) => void;
  /** refuses (403, saying how to bind them) resources not bound to the entity */
  binding: {
    assertBound(entityRef: string, resources: BoundResource[]): Promise<void>;
  };
  /** refuses service principals an admin did not allow to operate models */
  operators: { assertMayOperate(credentials: BackstageCredentials): void };
  /** wakes the controller so a new operation starts at once */
  wake: () => void;
  onAudit?: (event: AuditEvent, model: ResolvedModel) => void;
  onGate?: (decision: ModelEvaluation['decision']) => void;
  /** how long an operation may run before the controller pauses it for a human (default 24 h) */
  operationDeadlineMs?: number;
  now?: () => Date;
}

export const DEFAULT_OPERATION_DEADLINE_MS = 24 * 60 * 60 * 1000;

/**
 * Starts operations and commands running ones: permission-checked, validated, bound, idempotent,
 * audited. A request passes, in order: the caller (a user, or a service principal an admin
 * allowed), the request's shape (`./validation`), the caller's permission on the entity, a
 * pinned policy's roll-out, and the binding of the Databricks resources to the entity. The gate is
 * in `./evaluation`, each operation's first state is built in `./initialState`, and the writes
 * are `./commands`.
 */
export class OperationsService {
  private readonly commands: OperationCommands;

  constructor(private readonly options: OperationsServiceOptions) {
    this.commands = new OperationCommands({
      store: options.store,
      wake: options.wake,
      onAudit: options.onAudit,
      cancelJobRun: (model, runId) =>
        options.port.cancelJobRun(model.coordinates.workspace, runId),
      deadlineMs: options.operationDeadlineMs ?? DEFAULT_OPERATION_DEADLINE_MS,
      now: options.now ?? (() => new Date()),
    });
  }

  async evaluateModel(model: ResolvedModel): Promise<ModelEvaluation> {
    const evaluation = await evaluateModel(
      this.options.port,
      model,
      this.options.policyFor(model),
    );
    this.options.onGate?.(evaluation.decision);
    return evaluation;
  }

  async get(
    ref: EntityRefParts,
    id: string,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<Operation> {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
      env,
    );
    return inItsEnvironment(
      publicView(
        await this.options.store.getForTarget(servingTargetOf(model), id),
      ),
      model,
    );
  }

  async list(
    ref: EntityRefParts,
    activeOnly: boolean,
    credentials: BackstageCredentials,
    env?: string,
  ) {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
      env,
    );
    return (
      await this.options.store.list(servingTargetOf(model), { activeOnly })
    ).map(op => inItsEnvironment(publicView(op), model));
  }

  async history(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    env?: string,
  ) {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
      env,
    );
    return (await this.options.store.history(servingTargetOf(model))).map(
      event => inItsEnvironment(event, model),
    );
  }

  /** Starts an operation, or commands the active one (pause, resume, abort, approve, reject). */
  async submit(
    ref: EntityRefParts,
    request: OperationRequest,
    credentials: BackstageCredentials,
    actor: string,
    env?: string,
  ): Promise<{ operation: Operation; created: boolean }> {
    this.options.operators.assertMayOperate(credentials);
    const permission = permissionFor(request);
    if (request.type === 'set-split') {
      assertSplitShape(request.routes);
    }
    const model = await this.options.models.resolve(
      ref,
      permission,
      credentials,
      env,
    );
    if (request.type === 'promote' || request.type === 'promote-to-env') {
      const policy = this.options.policyFor(model);
      this.options.assertRolloutAllowed(model, {
        strategy: request.strategy ?? policy.rollout.strategy,
        steps: canarySteps(request, policy),
      });
    }
    await this.options.binding.assertBound(
      model.entityRef,
      resourcesToOperate(model.coordinates, request.type),
    );
    const { port, store } = this.options;
    switch (request.type) {
      case 'pause':
      case 'resume':
      case 'abort':
      case 'approve':
      case 'reject':
        return {
          operation: await this.commands.commandActive(
            model,
            request.type,
            actor,
            request.reason,
          ),
          created: false,
        };
      case 'promote':
        return this.commands.start(
          model,
          actor,
          request,
          await promotionState(
            port,
            model,
            request,
            await this.evaluateModel(model),
            this.options.policyFor(model),
          ),
        );
      case 'promote-to-env':
        return this.commands.start(
          model,
          actor,
          request,
          await promoteToEnvState(
            port,
            model,
            request,
            this.options.policyFor(model),
          ),
        );
      case 'set-split':
        return this.commands.start(
          model,
          actor,
          request,
          await splitState(port, model, request.routes),
        );
      case 'rollback':
        return this.commands.start(
          model,
          actor,
          request,
          await rollbackState(port, store, model),
        );
      case 'retrain':
        return this.commands.start(model, actor, request, retrainState(model));
      default:
        throw new InputError('Unknown operation type');
    }
  }

  /** Starts an operation the guardian decided on (automatic rollback or retrain), on bound resources only. */
  async startAutomatic(
    model: ResolvedModel,
    type: 'rollback' | 'retrain',
    actor: string,
    reason: string,
  ): Promise<{ operation: Operation; created: boolean }> {
    await this.options.binding.assertBound(
      model.entityRef,
      resourcesToOperate(model.coordinates, type),
    );
    const state =
      type === 'rollback'
        ? await rollbackState(this.options.port, this.options.store, model)
        : retrainState(model);
    return this.commands.start(model, actor, { type, reason }, state);
  }

  /** Records an event in the history of the endpoint it is about (by default, the model's). */
  audit(
    model: ResolvedModel,
    event: Omit<AuditEvent, 'id' | 'entityRef' | 'at'>,
    servingTarget?: string,
  ): Promise<void> {
    return this.commands.audit(model, event, servingTarget);
  }
}

/**
 * An operation or history event of the model's endpoint, with its environment: rows written
 * before models had environments name none, and belong to the one the endpoint is in.
 */
function inItsEnvironment<T extends { environment?: string }>(
  row: T,
  model: ResolvedModel,
): T {
  return row.environment ? row : { ...row, environment: model.environment };
}
