import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { DriftStatus } from '@fmlops/backstage-plugin-fmlops-common';

const DRIFT_LEVEL: Record<DriftStatus, number> = {
  stable: 0,
  warning: 1,
  drift: 2,
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
    const drift = metrics.createObservableGauge<{ model: string }>(
      'fmlops.model.drift_status',
      {
        description:
          'Latest drift status per model: 0 stable, 1 warning, 2 drift',
      },
    );
    drift.addCallback(result => {
      for (const [model, status] of this.driftByModel) {
        result.observe(DRIFT_LEVEL[status], { model });
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

  driftStatus(model: string, status: DriftStatus | undefined) {
    if (status) {
      this.driftByModel.set(model, status);
    } else {
      this.driftByModel.delete(model);
    }
  }
}
