import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  AuditEvent,
  evaluateGate,
  fmlopsModelReadPermission,
  fmlopsOperationPermissions as PERMISSION_FOR,
  Metrics,
  ModelEvaluation,
  ModelPolicy,
  Operation,
  OperationRequest,
  TOURNAMENT_METRICS,
  TournamentMetric,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { randomUUID } from 'node:crypto';
import { OperationStore, StoredOperation } from '../database/OperationStore';
import { ModelCatalog, ResolvedModel } from '../service/ModelCatalog';
import { EntityRefParts } from '../service/ReadPath';
import { DatabricksOpsPort } from './ports';
import {
  canaryRoutes,
  nextStep,
  OperationState,
  sameRoutes,
} from './reconcile';

/** The model's serving traffic as routes per model version. */
export async function currentRoutes(
  port: DatabricksOpsPort,
  model: ResolvedModel,
): Promise<{ routes: TrafficRoute[]; updating: boolean }> {
  const endpoint = await port.getServingEndpoint(
    model.coordinates.workspace,
    model.coordinates.servingEndpoint,
  );
  const entities = endpoint.config?.served_entities ?? [];
  const versionOf = new Map(
    entities.map(e => [e.name ?? '', String(e.entity_version ?? '')]),
  );
  const routes = endpoint.config?.traffic_config?.routes;
  return {
    routes: routes
      ? routes.map(r => ({
          modelVersion:
            versionOf.get(r.served_entity_name ?? r.served_model_name ?? '') ??
            '',
          trafficPercentage: r.traffic_percentage,
        }))
      : entities.map(e => ({
          modelVersion: String(e.entity_version ?? ''),
          trafficPercentage: 100,
        })),
    updating: endpoint.state?.config_update === 'IN_PROGRESS',
  };
}

export interface OperationsServiceOptions {
  store: OperationStore;
  models: ModelCatalog;
  port: DatabricksOpsPort;
  policyFor: (model: ResolvedModel) => ModelPolicy;
  /** wakes the controller so a new operation starts at once */
  wake: () => void;
  onAudit?: (event: AuditEvent, model: ResolvedModel) => void;
  onGate?: (decision: ModelEvaluation['decision']) => void;
  now?: () => Date;
}

/** Starts operations and commands running ones: permission-checked, validated, idempotent, audited. */
export class OperationsService {
  private readonly now: () => Date;

  constructor(private readonly options: OperationsServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async evaluate(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<ModelEvaluation> {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    return this.evaluateModel(model);
  }

  async evaluateModel(model: ResolvedModel): Promise<ModelEvaluation> {
    const policy = this.options.policyFor(model);
    const { workspace, ucModel } = model.coordinates;
    const [registered, versions] = await Promise.all([
      this.options.port.getRegisteredModel(workspace, ucModel),
      this.options.port.listModelVersions(workspace, ucModel),
    ]);
    const aliasVersion = (alias: string) =>
      registered.aliases?.find(a => a.alias_name === alias)?.version_num;
    const side = async (alias: string) => {
      const version = aliasVersion(alias);
      if (version === undefined) {
        return undefined;
      }
      const runId = versions.find(
        v => String(v.version) === String(version),
      )?.run_id;
      return {
        version: String(version),
        runId,
        metrics: runId ? await this.runMetrics(workspace, runId) : {},
      };
    };
    const [champion, challenger] = await Promise.all([
      side('champion'),
      side('challenger'),
    ]);
    if (!challenger) {
      return {
        entityRef: model.entityRef,
        policy,
        champion,
        checks: [],
        decision: 'no-challenger',
        reasons: [
          'no model version carries the challenger alias: run the tournament to get one',
        ],
      };
    }
    const gate = evaluateGate(
      policy.gates,
      challenger.metrics,
      champion?.metrics,
    );
    return {
      entityRef: model.entityRef,
      policy,
      champion,
      challenger,
      checks: gate.checks,
      decision: gate.decision,
      reasons: gate.reasons,
    };
  }

  private async runMetrics(workspace: string, runId: string): Promise<Metrics> {
    const run = await this.options.port.getRun(workspace, runId);
    const metrics: Metrics = {};
    for (const m of run.data?.metrics ?? []) {
      if (
        TOURNAMENT_METRICS.includes(m.key as TournamentMetric) &&
        typeof m.value === 'number'
      ) {
        metrics[m.key as TournamentMetric] = m.value;
      }
    }
    return metrics;
  }

  async get(
    ref: EntityRefParts,
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Operation> {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    return publicView(
      await this.options.store.getForEntity(model.entityRef, id),
    );
  }

  async list(
    ref: EntityRefParts,
    activeOnly: boolean,
    credentials: BackstageCredentials,
  ) {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    return (await this.options.store.list(model.entityRef, { activeOnly })).map(
      publicView,
    );
  }

  async history(ref: EntityRefParts, credentials: BackstageCredentials) {
    const model = await this.options.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    return this.options.store.history(model.entityRef);
  }

  /** Starts an operation, or commands the active one (pause, resume, abort). */
  async submit(
    ref: EntityRefParts,
    request: OperationRequest,
    credentials: BackstageCredentials,
    actor: string,
  ): Promise<{ operation: Operation; created: boolean }> {
    const permission = PERMISSION_FOR[request.type];
    if (!permission) {
      throw new InputError(
        `Unknown operation type ${String(
          (request as { type?: unknown }).type,
        )}`,
      );
    }
    if (
      (request.type === 'rollback' || request.type === 'abort') &&
      !request.reason?.trim()
    ) {
      throw new InputError(`A ${request.type} needs a reason`);
    }
    const model = await this.options.models.resolve(
      ref,
      permission,
      credentials,
    );
    switch (request.type) {
      case 'pause':
      case 'resume':
      case 'abort':
        return {
          operation: await this.command(
            model,
            request.type,
            actor,
            request.reason,
          ),
          created: false,
        };
      case 'promote':
        return this.start(
          model,
          actor,
          request,
          await this.promotionState(model, request),
        );
      case 'set-split':
        return this.start(
          model,
          actor,
          request,
          await this.splitState(model, request.routes),
        );
      case 'rollback':
        return this.start(
          model,
          actor,
          request,
          await this.rollbackState(model),
        );
      case 'retrain':
        return this.start(model, actor, request, this.retrainState(model));
      default:
        throw new InputError('Unknown operation type');
    }
  }

  /** Starts an operation the guardian decided on (automatic rollback or retrain). */
  async startAutomatic(
    model: ResolvedModel,
    type: 'rollback' | 'retrain',
    actor: string,
    reason: string,
  ): Promise<{ operation: Operation; created: boolean }> {
    const state =
      type === 'rollback'
        ? await this.rollbackState(model)
        : this.retrainState(model);
    return this.start(model, actor, { type, reason }, state);
  }

  private async start(
    model: ResolvedModel,
    actor: string,
    request: OperationRequest,
    state: OperationState,
  ) {
    const id = randomUUID();
    const now = this.now();
    const result = await this.options.store.create({
      id,
      entityRef: model.entityRef,
      requestedBy: actor,
      reason: request.reason,
      idempotencyKey: request.idempotencyKey,
      state:
        state.type === 'retrain'
          ? { ...state, jobIdempotencyToken: id }
          : state,
      message: `${request.type} requested by ${actor}${
        request.reason ? `: ${request.reason}` : ''
      }`,
      now: now.getTime(),
    });
    if (result.created) {
      await this.audit(model, {
        operationId: id,
        type: request.type,
        actor,
        reason: request.reason,
        outcome: 'started',
        before: state.before.length ? state.before : undefined,
        after: state.target,
      });
      this.options.wake();
    }
    return { operation: publicView(result.operation), created: result.created };
  }

  private async promotionState(
    model: ResolvedModel,
    request: Extract<OperationRequest, { type: 'promote' }>,
  ): Promise<OperationState> {
    const evaluation = await this.evaluateModel(model);
    if (evaluation.decision === 'no-challenger') {
      throw new ConflictError(
        `${model.entityRef} has no challenger to promote`,
      );
    }
    if (evaluation.decision === 'reject') {
      throw new ConflictError(
        `The challenger v${
          evaluation.challenger!.version
        } does not pass the promotion gate: ${evaluation.reasons.join('; ')}`,
      );
    }
    const policy = this.options.policyFor(model);
    const strategy = request.strategy ?? policy.rollout.strategy;
    const steps =
      strategy === 'direct' ? [100] : request.steps ?? policy.rollout.steps;
    if (
      steps.length === 0 ||
      steps[steps.length - 1] !== 100 ||
      !steps.every(
        (s, i) =>
          Number.isInteger(s) &&
          s > 0 &&
          s <= 100 &&
          (i === 0 || s > steps[i - 1]),
      )
    ) {
      throw new InputError(
        'Canary steps must be increasing whole percentages ending at 100, e.g. [10, 50, 100]',
      );
    }
    const { routes } = await currentRoutes(this.options.port, model);
    const champion =
      evaluation.champion?.version ??
      routes.sort((a, b) => b.trafficPercentage - a.trafficPercentage)[0]
        ?.modelVersion;
    const challenger = evaluation.challenger!.version;
    if (!champion || champion === challenger) {
      return {
        type: 'promote',
        status: 'running',
        phase: 'applying',
        before: routes,
        expected: routes,
        challengerVersion: challenger,
        championVersion: champion,
        steps: [100],
        stepIndex: 0,
        target: [{ modelVersion: challenger, trafficPercentage: 100 }],
        aliases: { champion: challenger, challenger: null },
      };
    }
    return {
      type: 'promote',
      status: 'running',
      phase: 'applying',
      before: routes,
      expected: routes,
      championVersion: champion,
      challengerVersion: challenger,
      steps,
      stepIndex: 0,
      target: canaryRoutes(champion, challenger, steps[0]),
      aliases: { champion: challenger, challenger: null },
    };
  }

  private async splitState(
    model: ResolvedModel,
    routes: TrafficRoute[],
  ): Promise<OperationState> {
    const problems: string[] = [];
    if (!Array.isArray(routes) || routes.length === 0) {
      problems.push('routes must list at least one model version');
    }
    const total = (routes ?? []).reduce((s, r) => s + r.trafficPercentage, 0);
    if (Math.abs(total - 100) > 1e-9) {
      problems.push(`traffic percentages must sum to 100, not ${total}`);
    }
    if (
      (routes ?? []).some(
        r => !Number.isInteger(r.trafficPercentage) || r.trafficPercentage < 0,
      )
    ) {
      problems.push('traffic percentages must be whole numbers from 0 to 100');
    }
    const versions = new Set(
      (
        await this.options.port.listModelVersions(
          model.coordinates.workspace,
          model.coordinates.ucModel,
        )
      ).map(v => String(v.version)),
    );
    const unknown = (routes ?? []).filter(
      r => !versions.has(String(r.modelVersion)),
    );
    if (unknown.length > 0) {
      problems.push(
        `${model.coordinates.ucModel} has no version ${unknown
          .map(r => r.modelVersion)
          .join(', ')}`,
      );
    }
    if (
      new Set((routes ?? []).map(r => r.modelVersion)).size !==
      (routes ?? []).length
    ) {
      problems.push('each model version may appear once');
    }
    if (problems.length > 0) {
      throw new InputError(`Invalid split: ${problems.join('; ')}`);
    }
    const { routes: before } = await currentRoutes(this.options.port, model);
    const target = routes.map(r => ({
      modelVersion: String(r.modelVersion),
      trafficPercentage: r.trafficPercentage,
    }));
    if (sameRoutes(before, target)) {
      throw new ConflictError(
        `${model.coordinates.servingEndpoint} already serves that split`,
      );
    }
    return {
      type: 'set-split',
      status: 'running',
      phase: 'applying',
      before,
      expected: before,
      target,
    };
  }

  /**
   * The last known-good serving state: the split in place before the most recent successful
   * change that differs from now, else the champion alone.
   */
  private async rollbackState(model: ResolvedModel): Promise<OperationState> {
    const { routes: now } = await currentRoutes(this.options.port, model);
    const history = await this.options.store.history(model.entityRef, 200);
    const changes = history.filter(
      e =>
        e.outcome === 'succeeded' &&
        e.before?.length &&
        ['promote', 'set-split', 'rollback', 'auto-rollback'].includes(e.type),
    );
    let target = changes.map(e => e.before!).find(b => !sameRoutes(b, now));
    if (!target) {
      const registered = await this.options.port.getRegisteredModel(
        model.coordinates.workspace,
        model.coordinates.ucModel,
      );
      const champion = registered.aliases?.find(
        a => a.alias_name === 'champion',
      )?.version_num;
      if (champion !== undefined) {
        target = [{ modelVersion: String(champion), trafficPercentage: 100 }];
      }
    }
    if (!target || sameRoutes(target, now)) {
      throw new ConflictError(
        `${model.entityRef} already serves its last known-good split (${now
          .map(r => `v${r.modelVersion} ${r.trafficPercentage}%`)
          .join(' / ')}): nothing to roll back`,
      );
    }
    const main = [...target].sort(
      (a, b) => b.trafficPercentage - a.trafficPercentage,
    )[0].modelVersion;
    return {
      type: 'rollback',
      status: 'running',
      phase: 'applying',
      before: now,
      expected: now,
      target,
      aliases: { champion: main },
    };
  }

  private retrainState(model: ResolvedModel): OperationState {
    if (!model.coordinates.tournamentJobId) {
      throw new InputError(
        `${model.entityRef} has no tournament job (annotation databricks.com/tournament-job-id) to retrain with`,
      );
    }
    return {
      type: 'retrain',
      status: 'running',
      phase: 'starting-job',
      before: [],
      expected: [],
      jobId: model.coordinates.tournamentJobId,
    };
  }

  private async command(
    model: ResolvedModel,
    type: 'pause' | 'resume' | 'abort',
    actor: string,
    reason?: string,
  ): Promise<Operation> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const op = await this.options.store.active(model.entityRef);
      if (!op) {
        throw new ConflictError(
          `${model.entityRef} has no running or paused operation to ${type}`,
        );
      }
      const next = this.commanded(op, type);
      const updated = await this.options.store.update(op, {
        state: next.state,
        message: `${type} by ${actor}${reason ? `: ${reason}` : ''}`,
        newHistory: [
          {
            at: this.now().toISOString(),
            phase: next.state.phase,
            message: `${type} by ${actor}${reason ? `: ${reason}` : ''}`,
          },
        ],
        nextTickAt: this.now().getTime(),
        now: this.now().getTime(),
      });
      if (updated) {
        await this.audit(model, {
          operationId: op.id,
          type,
          actor,
          reason,
          outcome: 'recorded',
        });
        this.options.wake();
        return publicView((await this.options.store.get(op.id))!);
      }
    }
    throw new ConflictError(
      `The operation on ${model.entityRef} changed while it was being updated; try again`,
    );
  }

  private commanded(
    op: StoredOperation,
    type: 'pause' | 'resume' | 'abort',
  ): { state: OperationState } {
    const state = op.state;
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
          },
        };
      }
      return {
        state: { ...state, status: 'running', acceptCurrentConfig: true },
      };
    }
    if (state.type === 'retrain') {
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

  async audit(
    model: ResolvedModel,
    event: Omit<AuditEvent, 'id' | 'entityRef' | 'at'>,
  ): Promise<void> {
    const full: AuditEvent = {
      ...event,
      id: randomUUID(),
      entityRef: model.entityRef,
      at: this.now().toISOString(),
    };
    await this.options.store.appendAudit(full);
    this.options.onAudit?.(full, model);
  }
}

/** What the API shows of a stored operation (the state machine's internals stay inside). */
export function publicView(op: StoredOperation): Operation {
  const { state: _state, revision: _revision, nextTickAt: _next, ...rest } = op;
  return rest;
}
