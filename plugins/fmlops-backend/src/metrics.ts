import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  DriftStatus,
  ModelHealth,
} from '@fmlops/backstage-plugin-fmlops-common';

const DRIFT_LEVEL: Record<DriftStatus, number> = {
  stable: 0,
  warning: 1,
  drift: 2,
};

const HEALTH_LEVEL: Record<ModelHealth, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/** Gauges per model and environment, kept under one key (entity refs hold no newline). */
const keyOf = (model: string, environment: string) =>
  `${model}\n${environment}`;
const labelsOf = (key: string) => {
  const [model, environment] = key.split('\n');
  return { model, environment };
};

/**
 * What fmlops decides and sees, as OpenTelemetry metrics through Backstage's metrics service, so
 * Prometheus / Grafana can chart and alert on them.
 */
export class FmlopsMetrics {
  private readonly operations;
  private readonly gates;
  private readonly automatic;
  private readonly databricksReads;
  private readonly driftByModel = new Map<string, DriftStatus>();
  private readonly healthByModel = new Map<string, ModelHealth>();

  constructor(metrics: MetricsService) {
    this.operations = metrics.createCounter<{ type: string; outcome: string }>(
      'fmlops.operations',
      {
        description:
          'Operations on models by type and outcome (started, succeeded, failed, aborted, rolled-back, paused)',
      },
    );
    this.gates = metrics.createCounter<{ decision: string }>(
      'fmlops.gate.evaluations',
      {
        description: 'Champion vs challenger gate evaluations by decision',
      },
    );
    this.automatic = metrics.createCounter<{ decision: string }>(
      'fmlops.automatic.decisions',
      {
        description:
          'Automatic decisions: auto-rollback, auto-retrain, alias-sync',
      },
    );
    this.databricksReads = metrics.createCounter<{ kind: string }>(
      'fmlops.read.loads',
      {
        description:
          'Reads from Databricks by the read path (cache misses and refreshes)',
      },
    );
    const drift = metrics.createObservableGauge<{
      model: string;
      environment: string;
    }>('fmlops.model.drift_status', {
      description:
        'Latest drift status per model: 0 stable, 1 warning, 2 drift',
    });
    drift.addCallback(result => {
      for (const [key, status] of this.driftByModel) {
        result.observe(DRIFT_LEVEL[status], labelsOf(key));
      }
    });
    const health = metrics.createObservableGauge<{
      model: string;
      environment: string;
    }>('fmlops.model.serving_health', {
      description:
        'Health of each model as the guardian sees its serving: 0 healthy, 1 unknown, 2 warning, 3 critical',
    });
    health.addCallback(result => {
      for (const [key, level] of this.healthByModel) {
        result.observe(HEALTH_LEVEL[level], labelsOf(key));
      }
    });
  }

  operation(type: string, outcome: string) {
    this.operations.add(1, { type, outcome });
  }

  gate(decision: string) {
    this.gates.add(1, { decision });
  }

  automaticDecision(decision: string) {
    this.automatic.add(1, { decision });
  }

  databricksRead(kind: string) {
    this.databricksReads.add(1, { kind });
  }

  driftStatus(
    model: string,
    environment: string,
    status: DriftStatus | undefined,
  ) {
    const key = keyOf(model, environment);
    if (status) {
      this.driftByModel.set(key, status);
    } else {
      this.driftByModel.delete(key);
    }
  }

  modelHealth(model: string, environment: string, health: ModelHealth) {
    this.healthByModel.set(keyOf(model, environment), health);
  }
}
