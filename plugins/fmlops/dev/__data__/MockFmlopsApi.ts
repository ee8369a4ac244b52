import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ACTIVE_OPERATION_STATUSES } from '@fmlops/backstage-plugin-fmlops-common';
import type {
  AuditEvent,
  EnvironmentStatus,
  DriftComparison,
  ModelEvaluation,
  ModelOverview,
  Operation,
  OperationRequest,
  Portfolio,
  PortfolioItem,
  PortfolioQuery,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import type { FmlopsApi, ModelRef } from '../../src/api';
import {
  ENVIRONMENT_NAMES,
  paymentsEvaluation,
  paymentsOverview,
  paymentsStatuses,
  servingOnly,
} from './environments';
import {
  achEvaluation,
  achHistory,
  achOverview,
  driftComparison,
} from './overview';
import { demoPortfolioItems, portfolioOf } from './portfolio';

/** One environment of a model as the mock keeps it. */
interface EnvironmentState {
  overview: ModelOverview;
  evaluation: ModelEvaluation;
  history: AuditEvent[];
}

const PROMOTION_PHASES = ['starting-job', 'waiting-for-job', 'registering'];
const isActive = (o: Operation) => ACTIVE_OPERATION_STATUSES.includes(o.status);

/**
 * An in-memory fmlops backend for the dev app: serving metrics wobble at every poll, and
 * operations advance one phase per status poll, so the live parts of the UI can be tried
 * without a backend. The canary demo model lives in one environment; payments-fraud-scorer in
 * dev, acc and prd, between which versions can be promoted (prd asks for an approval).
 */
export class MockFmlopsApi implements FmlopsApi {
  private readonly environments = new Map<string, EnvironmentState>();
  private operations: Operation[] = [];
  private tick = 0;

  /** @param models - the portfolio: every model, paged and filtered as the backend does */
  constructor(private readonly models: PortfolioItem[] = demoPortfolioItems) {
    this.environments.set('default', {
      overview: structuredClone(achOverview),
      evaluation: achEvaluation,
      history: structuredClone(achHistory),
    });
    for (const env of ENVIRONMENT_NAMES) {
      this.environments.set(env, {
        overview: paymentsOverview(env),
        evaluation: paymentsEvaluation(env),
        history: [],
      });
    }
  }

  async getPortfolio(query?: PortfolioQuery): Promise<Portfolio> {
    return portfolioOf(this.models, query);
  }

  /** The environment a request addresses: the payments model's (prd by default), else the demo model. */
  private key(model: ModelRef): string {
    return model.name === 'payments-fraud-scorer'
      ? model.env ?? 'prd'
      : 'default';
  }

  private state(model: ModelRef): EnvironmentState {
    const state = this.environments.get(this.key(model));
    if (!state) {
      throw new NotFoundError(`No environment ${model.env}`);
    }
    return state;
  }

  async getOverview(model: ModelRef): Promise<ModelOverview> {
    this.tick += 1;
    const { overview } = this.state(model);
    const serving = overview.serving;
    if (serving.status === 'ok') {
      for (const served of serving.data.servedVersions) {
        const metrics = served.metrics!;
        const requests = 50 * served.trafficPercentage;
        const errors = Math.round(requests * (0.001 + Math.random() * 0.002));
        metrics.requests += requests;
        metrics.errors += errors;
        metrics.errorRate = metrics.errors / Math.max(1, metrics.requests);
        metrics.p50LatencyMs = 18 + Math.random() * 4;
        metrics.p99LatencyMs = 55 + Math.random() * 20;
      }
    }
    return {
      ...structuredClone(overview),
      freshness: {
        fetchedAt: new Date().toISOString(),
        ageSeconds: 0,
        stale: false,
        source: 'live',
      },
    };
  }

  async compareDrift(
    _model: ModelRef,
    window: { from: string; to: string },
  ): Promise<DriftComparison> {
    if (window.from === window.to) {
      throw new InputError('from and to must be different windows');
    }
    return { ...driftComparison, ...window };
  }

  async getEvaluation(model: ModelRef): Promise<ModelEvaluation> {
    return this.state(model).evaluation;
  }

  async submitOperation(
    model: ModelRef,
    request: OperationRequest,
  ): Promise<Operation> {
    const key = this.key(model);
    const active = this.operations.find(
      o => isActive(o) && this.keyOf(o) === key,
    );
    if (
      request.type === 'pause' ||
      request.type === 'resume' ||
      request.type === 'abort' ||
      request.type === 'approve' ||
      request.type === 'reject'
    ) {
      if (!active) {
        throw new ConflictError('No operation is active');
      }
      active.status = {
        pause: 'paused',
        resume: 'running',
        abort: 'aborted',
        approve: 'running',
        reject: 'aborted',
      }[request.type] as Operation['status'];
      if (request.type === 'approve' || request.type === 'reject') {
        active.phase = request.type === 'approve' ? 'starting-job' : 'done';
        active.approval = {
          required: true,
          decision: request.type === 'approve' ? 'approved' : 'rejected',
          decidedBy: 'user:development/guest',
          decidedAt: new Date().toISOString(),
          reason: request.reason,
        };
      }
      this.record(active, `${request.type} by hand`);
      return structuredClone(active);
    }
    if (active) {
      throw new ConflictError(
        `Another operation is active: ${active.type} ${active.id}`,
      );
    }
    const now = new Date().toISOString();
    const before = this.routes(this.state(model));
    const operation: Operation = {
      id: `op-${this.operations.length + 100}`,
      entityRef: `${model.kind}:${model.namespace}/${model.name}`.toLowerCase(),
      ...(model.env ? { environment: model.env } : {}),
      type: request.type,
      status: 'running',
      phase: 'applying',
      requestedBy: 'user:development/guest',
      reason: request.reason,
      createdAt: now,
      updatedAt: now,
      before,
      evidence: [],
      history: [{ at: now, phase: 'applying', message: 'Started' }],
    };
    if (request.type === 'promote') {
      operation.steps =
        request.strategy === 'direct' ? [100] : request.steps ?? [10, 50, 100];
      operation.stepIndex = 0;
      operation.challengerVersion = '4';
      operation.championVersion = '3';
      operation.phase = 'baking';
    }
    if (request.type === 'set-split') {
      operation.after = request.routes;
    }
    if (request.type === 'promote-to-env') {
      this.startPromotion(operation, request);
    }
    this.operations.push(operation);
    return structuredClone(operation);
  }

  async listOperations(
    model: ModelRef,
    options?: { active?: boolean },
  ): Promise<{ items: Operation[] }> {
    const key = this.key(model);
    return {
      items: this.operations.filter(
        o => this.keyOf(o) === key && (!options?.active || isActive(o)),
      ),
    };
  }

  async getOperation(
    _model: ModelRef,
    operationId: string,
  ): Promise<Operation> {
    const operation = this.operations.find(o => o.id === operationId);
    if (!operation) {
      throw new NotFoundError(`No operation ${operationId}`);
    }
    if (operation.status === 'running') {
      this.advance(operation);
    }
    return structuredClone(operation);
  }

  async getHistory(model: ModelRef): Promise<{ items: AuditEvent[] }> {
    return { items: this.state(model).history };
  }

  /** The payments model in dev, acc and prd; the demo model in its one environment. */
  async getEnvironments(
    model: ModelRef,
  ): Promise<{ items: EnvironmentStatus[] }> {
    if (this.key(model) !== 'default') {
      return {
        items: paymentsStatuses.map(status => {
          const { overview } = this.environments.get(status.name)!;
          const registry =
            overview.registry.status === 'ok'
              ? overview.registry.data
              : undefined;
          const active = this.operations.find(
            o => isActive(o) && o.environment === status.name,
          );
          return {
            ...status,
            championVersion: registry?.champion,
            ...(active
              ? {
                  activeOperation: {
                    id: active.id,
                    type: active.type,
                    status: active.status,
                  },
                }
              : {}),
          };
        }),
      };
    }
    const { coordinates, health } = this.environments.get('default')!.overview;
    return {
      items: [
        {
          name: coordinates.workspace,
          workspace: coordinates.workspace,
          ucModel: coordinates.ucModel,
          servingEndpoint: coordinates.servingEndpoint,
          health: health?.health ?? 'unknown',
          healthReasons: health?.reasons.map(r => r.message) ?? [],
          servedVersions: [],
        },
      ],
    };
  }

  private keyOf(operation: Operation): string {
    return operation.environment ?? 'default';
  }

  /** A promotion into the operation's environment: it waits for approval where the policy says so. */
  private startPromotion(
    operation: Operation,
    request: Extract<OperationRequest, { type: 'promote-to-env' }>,
  ) {
    const target = operation.environment!;
    const source =
      request.sourceEnvironment ??
      ENVIRONMENT_NAMES[ENVIRONMENT_NAMES.indexOf(target as 'prd') - 1];
    const sourceOverview = this.environments.get(source)!.overview;
    const sourceRegistry =
      sourceOverview.registry.status === 'ok'
        ? sourceOverview.registry.data
        : undefined;
    const version = request.sourceVersion ?? sourceRegistry?.champion ?? '1';
    operation.sourceEnvironment = source;
    operation.lineage = {
      sourceModel: sourceOverview.coordinates.ucModel,
      sourceVersion: version,
      sourceEnvironment: source,
      runId: sourceRegistry?.versions.find(v => v.version === version)?.runId,
    };
    const approval = Boolean(
      this.environments.get(target)!.evaluation.policy.promotion
        ?.requireApproval,
    );
    operation.approval = { required: approval };
    operation.status = approval ? 'awaiting-approval' : 'running';
    operation.phase = approval ? 'awaiting-approval' : PROMOTION_PHASES[0];
  }

  /** One phase of a promotion per poll; at the end the copy is the target's champion. */
  private advancePromotion(operation: Operation): boolean {
    const next = PROMOTION_PHASES.indexOf(operation.phase) + 1;
    if (next > 0 && next < PROMOTION_PHASES.length) {
      operation.phase = PROMOTION_PHASES[next];
      this.record(operation, operation.phase);
      return false;
    }
    const { overview } = this.environments.get(operation.environment!)!;
    if (overview.registry.status === 'ok' && operation.lineage) {
      const registry = overview.registry.data;
      const version = String(
        Math.max(...registry.versions.map(v => Number(v.version))) + 1,
      );
      for (const v of registry.versions) {
        v.aliases = v.aliases.filter(a => a !== 'champion');
      }
      registry.versions.unshift({
        version,
        runId: operation.lineage.runId,
        status: 'READY',
        aliases: ['champion'],
        lineage: operation.lineage,
      });
      registry.champion = version;
      // the mock skips the roll-out: the copy serves at once
      overview.serving = servingOnly(
        overview.serving,
        overview.coordinates.ucModel,
        overview.coordinates.servingEndpoint,
        version,
      );
    }
    return true;
  }

  private advance(operation: Operation) {
    const state = this.environments.get(this.keyOf(operation))!;
    if (operation.type === 'promote-to-env') {
      if (!this.advancePromotion(operation)) {
        return;
      }
    } else if (operation.type === 'promote' && operation.steps) {
      const share = operation.steps[operation.stepIndex ?? 0];
      this.apply(state, [
        ...(share < 100
          ? [{ modelVersion: '3', trafficPercentage: 100 - share }]
          : []),
        { modelVersion: '4', trafficPercentage: share },
      ]);
      this.record(operation, `${share} % to v4`);
      if ((operation.stepIndex ?? 0) + 1 < operation.steps.length) {
        operation.stepIndex = (operation.stepIndex ?? 0) + 1;
        return;
      }
    } else if (operation.type === 'set-split' && operation.after) {
      this.apply(state, operation.after);
    } else if (operation.type === 'rollback' && operation.before) {
      this.apply(state, [{ modelVersion: '3', trafficPercentage: 100 }]);
    }
    operation.status = 'succeeded';
    operation.phase = 'done';
    operation.after = this.routes(state);
    this.record(operation, 'Done');
    state.history.unshift({
      id: `a-${state.history.length + 100}`,
      entityRef: operation.entityRef,
      operationId: operation.id,
      ...(operation.environment ? { environment: operation.environment } : {}),
      type: operation.type,
      actor: operation.requestedBy,
      reason: operation.reason,
      outcome: 'succeeded',
      at: operation.updatedAt,
      before: operation.before,
      after: operation.after,
    });
  }

  private record(operation: Operation, message: string) {
    operation.updatedAt = new Date().toISOString();
    operation.history.push({
      at: operation.updatedAt,
      phase: operation.phase,
      message,
    });
  }

  private routes(state: EnvironmentState): TrafficRoute[] {
    return state.overview.serving.status === 'ok'
      ? state.overview.serving.data.servedVersions.map(v => ({
          modelVersion: v.modelVersion,
          trafficPercentage: v.trafficPercentage,
        }))
      : [];
  }

  private apply(state: EnvironmentState, routes: TrafficRoute[]) {
    const serving = state.overview.serving;
    if (serving.status !== 'ok') {
      return;
    }
    const template = serving.data.servedVersions[0];
    serving.data.servedVersions = routes.map(route => {
      const existing = serving.data.servedVersions.find(
        v => v.modelVersion === route.modelVersion,
      );
      return {
        ...(existing ?? {
          ...structuredClone(template),
          servedEntityName: `ach_payment_anomaly-${route.modelVersion}`,
          aliases: [],
        }),
        modelVersion: route.modelVersion,
        trafficPercentage: route.trafficPercentage,
      };
    });
  }
}
