import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  AuditEvent,
  EnvironmentStatus,
  DriftComparison,
  ModelEvaluation,
  ModelOverview,
  Operation,
  OperationRequest,
  Portfolio,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import type { FmlopsApi, ModelRef } from '../../src/api';
import {
  achEvaluation,
  achHistory,
  achOverview,
  driftComparison,
} from './overview';
import { demoPortfolio } from './portfolio';

/**
 * An in-memory fmlops backend for the dev app: serving metrics wobble at every poll, and
 * operations advance one phase per status poll, so the live parts of the UI can be tried
 * without a backend.
 */
export class MockFmlopsApi implements FmlopsApi {
  private overview: ModelOverview = structuredClone(achOverview);
  private history: AuditEvent[] = structuredClone(achHistory);
  private operations: Operation[] = [];
  private tick = 0;

  constructor(private readonly portfolio: Portfolio = demoPortfolio) {}

  async getPortfolio(): Promise<Portfolio> {
    return this.portfolio;
  }

  async getOverview(_model: ModelRef): Promise<ModelOverview> {
    this.tick += 1;
    const serving = this.overview.serving;
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
      ...structuredClone(this.overview),
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

  async getEvaluation(_model: ModelRef): Promise<ModelEvaluation> {
    return achEvaluation;
  }

  async submitOperation(
    model: ModelRef,
    request: OperationRequest,
  ): Promise<Operation> {
    const active = this.operations.find(
      o => o.status === 'running' || o.status === 'paused',
    );
    if (
      request.type === 'pause' ||
      request.type === 'resume' ||
      request.type === 'abort'
    ) {
      if (!active) {
        throw new ConflictError('No operation is active');
      }
      active.status = { pause: 'paused', resume: 'running', abort: 'aborted' }[
        request.type
      ] as Operation['status'];
      this.record(active, `${request.type} by hand`);
      return active;
    }
    if (active) {
      throw new ConflictError(
        `Another operation is active: ${active.type} ${active.id}`,
      );
    }
    const now = new Date().toISOString();
    const before = this.routes();
    const operation: Operation = {
      id: `op-${this.operations.length + 100}`,
      entityRef: `${model.kind}:${model.namespace}/${model.name}`.toLowerCase(),
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
    this.operations.push(operation);
    return structuredClone(operation);
  }

  async listOperations(
    _model: ModelRef,
    options?: { active?: boolean },
  ): Promise<{ items: Operation[] }> {
    return {
      items: this.operations.filter(
        o =>
          !options?.active || o.status === 'running' || o.status === 'paused',
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

  async getHistory(_model: ModelRef): Promise<{ items: AuditEvent[] }> {
    return { items: this.history };
  }

  /** The demo model lives in one environment: its workspace. */
  async getEnvironments(
    _model: ModelRef,
  ): Promise<{ items: EnvironmentStatus[] }> {
    const { coordinates, health } = this.overview;
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

  private advance(operation: Operation) {
    if (operation.type === 'promote' && operation.steps) {
      const share = operation.steps[operation.stepIndex ?? 0];
      this.apply([
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
      this.apply(operation.after);
    } else if (operation.type === 'rollback' && operation.before) {
      this.apply([{ modelVersion: '3', trafficPercentage: 100 }]);
    }
    operation.status = 'succeeded';
    operation.phase = 'done';
    operation.after = this.routes();
    this.record(operation, 'Done');
    this.history.unshift({
      id: `a-${this.history.length + 100}`,
      entityRef: operation.entityRef,
      operationId: operation.id,
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

  private routes(): TrafficRoute[] {
    return this.overview.serving.status === 'ok'
      ? this.overview.serving.data.servedVersions.map(v => ({
          modelVersion: v.modelVersion,
          trafficPercentage: v.trafficPercentage,
        }))
      : [];
  }

  private apply(routes: TrafficRoute[]) {
    const serving = this.overview.serving;
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
