import { LoggerService } from '@backstage/backend-plugin-api';
import {
  assessModelHealth,
  AuditEvent,
  driftStatus,
  DriftStatus,
  evaluateHealth,
  evaluateRetrain,
  HealthAssessment,
  ModelPolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import type { serving } from '@fmlops/backstage-plugin-fmlops-node';
import { OperationStore } from '../database/OperationStore';
import { ServingSampleStore } from '../database/ServingSampleStore';
import { championOf } from '../read/mappers';
import { ResolvedModel } from '../service/ModelCatalog';
import { OperationsService } from './OperationsService';
import { DatabricksOpsPort } from './ports';
import { quoteTable, UC_TABLE } from '../read/ucTable';
import {
  BoundResource,
  endpointOf,
  ucModelOf,
} from '../service/bindingDecision';
import { servingTargetOf } from './servingTarget';
import { samplesByVersion, windowMetrics } from './servingSamples';

/**
 * The guardian judges each served version on its last minutes of traffic: the newest this many
 * per-minute samples, read within as many minutes of our clock.
 */
export const GUARD_WINDOW_MINUTES = 10;
/** how long samples are kept for the overview's chart */
const SAMPLES_KEPT_MS = 24 * 3_600_000;

export interface GuardianOptions {
  store: OperationStore;
  /** its window of per-minute samples, kept across restarts and replicas */
  samples: ServingSampleStore;
  operations: OperationsService;
  port: DatabricksOpsPort;
  logger: LoggerService;
  listModels: () => Promise<ResolvedModel[]>;
  policyFor: (model: ResolvedModel) => ModelPolicy;
  /** why the entity may not operate these resources, or undefined when it may */
  bindingRefusal: (
    entityRef: string,
    resources: BoundResource[],
  ) => Promise<string | undefined>;
  audit: (
    model: ResolvedModel,
    event: Omit<AuditEvent, 'id' | 'entityRef' | 'at'>,
  ) => Promise<void>;
  onDecision?: (
    kind: 'auto-rollback' | 'auto-retrain' | 'alias-sync',
    model: ResolvedModel,
  ) => void;
  onDriftStatus?: (
    model: ResolvedModel,
    status: DriftStatus | undefined,
  ) => void;
  /** the model's health as serving shows it now, judged as the portfolio judges it */
  onHealth?: (model: ResolvedModel, health: HealthAssessment) => void;
  now?: () => Date;
}

export interface GuardianReport {
  checked: number;
  rollbacks: string[];
  retrains: string[];
  aliasSyncs: string[];
}

/**
 * Watches models nobody is operating: rolls back a served version whose latency or errors
 * degrade against the champion, keeps the champion alias on what serving actually does, and
 * starts retraining when the policy's drift or metric rule fires. Every decision records its
 * evidence in the model's history. It acts only on resources bound to the model's entity: an
 * unbound model is watched, and its owners warned in the log, but never changed.
 */
export class Guardian {
  private readonly now: () => Date;

  constructor(private readonly options: GuardianOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async tick(): Promise<GuardianReport> {
    const report: GuardianReport = {
      checked: 0,
      rollbacks: [],
      retrains: [],
      aliasSyncs: [],
    };
    const models = await this.options.listModels();
    const driftByTable = await this.recentDrift(models).catch(error => {
      this.options.logger.warn(
        `fmlops guardian could not read drift: ${error}`,
      );
      return new Map<string, DriftStatus[]>();
    });
    for (const model of models) {
      report.checked += 1;
      try {
        const statuses = model.coordinates.driftTable
          ? driftByTable.get(model.coordinates.driftTable)
          : undefined;
        this.options.onDriftStatus?.(model, statuses?.[statuses.length - 1]);
        // every served model's minutes are measured, operated or not: the overview charts them
        const endpoint = await this.measureServing(model);
        const active = await this.options.store.active(servingTargetOf(model));
        // a promotion waiting for approval has touched nothing: a rollback supersedes it
        if (active && active.status !== 'awaiting-approval') {
          continue;
        }
        const policy = this.options.policyFor(model);
        if (
          (await this.guardServing(model, policy, report, endpoint)) ||
          active
        ) {
          continue;
        }
        await this.guardRetraining(model, policy, statuses ?? [], report);
      } catch (error) {
        this.options.logger.warn(
          `fmlops guardian skipped ${model.entityRef}: ${error}`,
        );
      }
    }
    await this.options.samples
      .prune(this.now().getTime() - SAMPLES_KEPT_MS)
      .catch(error =>
        this.options.logger.warn(
          `fmlops guardian could not prune serving samples: ${error}`,
        ),
      );
    return report;
  }

  /** Reads the endpoint and its metrics export, and keeps the minutes it shows per version. */
  private async measureServing(
    model: ResolvedModel,
  ): Promise<serving.ServingEndpointDetailed> {
    const { workspace, servingEndpoint } = model.coordinates;
    const [endpoint, scrape] = await Promise.all([
      this.options.port.getServingEndpoint(workspace, servingEndpoint),
      this.options.port
        .servingMetrics(workspace, servingEndpoint)
        .catch(() => undefined),
    ]);
    await this.options.samples.record(
      servingTargetOf(model),
      samplesByVersion(scrape, endpoint),
      this.now().getTime(),
    );
    return endpoint;
  }

  /** Returns true when it started a rollback. */
  private async guardServing(
    model: ResolvedModel,
    policy: ModelPolicy,
    report: GuardianReport,
    endpoint: serving.ServingEndpointDetailed,
  ) {
    const { workspace, servingEndpoint, ucModel } = model.coordinates;
    const registered = await this.options.port.getRegisteredModel(
      workspace,
      ucModel,
    );
    if (endpoint.state?.config_update === 'IN_PROGRESS') {
      return false;
    }
    const versionOf = new Map(
      (endpoint.config?.served_entities ?? []).map(e => [
        e.name ?? '',
        String(e.entity_version ?? ''),
      ]),
    );
    const routes = endpoint.config?.traffic_config?.routes
      ? endpoint.config.traffic_config.routes.map(r => ({
          version:
            versionOf.get(r.served_entity_name ?? r.served_model_name ?? '') ??
            '',
          percent: r.traffic_percentage,
        }))
      : [...versionOf.values()].map(version => ({ version, percent: 100 }));
    const serving = routes.filter(r => r.percent > 0);
    const champion = championOf(registered);

    // the last minutes kept, each counted once, summed per version
    const recent = await this.options.samples.recent(servingTargetOf(model), {
      minutes: GUARD_WINDOW_MINUTES,
      recordedSince: this.now().getTime() - GUARD_WINDOW_MINUTES * 60_000,
    });
    const windowOf = (version: string) => windowMetrics(recent[version]);

    this.options.onHealth?.(
      model,
      assessModelHealth(
        {
          serving: {
            status: 'ok',
            data: {
              endpointName: servingEndpoint,
              ready: endpoint.state?.ready ?? 'NOT_READY',
              configUpdate: endpoint.state?.config_update ?? 'NOT_UPDATING',
              servedVersions: serving.map(r => {
                const w = windowOf(r.version);
                return {
                  modelVersion: r.version,
                  trafficPercentage: r.percent,
                  metrics: {
                    requests: w.requests,
                    errorRate: w.requests > 0 ? w.errors / w.requests : 0,
                  },
                };
              }),
            },
          },
        },
        policy.monitoring,
        { now: this.now() },
      ),
    );
    if (
      serving.length === 1 &&
      champion !== undefined &&
      champion !== serving[0].version
    ) {
      const refusal = await this.options.bindingRefusal(model.entityRef, [
        endpointOf(model.coordinates),
        ucModelOf(model.coordinates),
      ]);
      if (refusal) {
        this.options.logger.warn(
          `fmlops guardian left the champion alias of ${model.entityRef} as it is: ${refusal}`,
        );
        return false;
      }
      // serving says which version is the champion; the alias follows it
      await this.options.port.setAlias(
        workspace,
        ucModel,
        'champion',
        serving[0].version,
      );
      await this.options.audit(model, {
        type: 'alias-sync',
        actor: 'fmlops:guardian',
        reason: `v${serving[0].version} serves all traffic; champion alias moved from v${champion}`,
        outcome: 'recorded',
      });
      this.options.onDecision?.('alias-sync', model);
      report.aliasSyncs.push(model.entityRef);
      return false;
    }
    if (serving.length < 2 || !policy.rollout.autoRollback) {
      return false;
    }
    const baseline = String(
      champion ?? [...serving].sort((a, b) => b.percent - a.percent)[0].version,
    );
    for (const route of serving.filter(r => r.version !== baseline)) {
      const health = evaluateHealth(
        policy.rollout.health,
        windowOf(route.version),
        windowOf(baseline),
      );
      if (health.outcome !== 'Failed') {
        continue;
      }
      const reason = `v${
        route.version
      } degrades against the champion v${baseline}: ${health.reasons.join(
        '; ',
      )}`;
      const { operation, created } = await this.options.operations
        .startAutomatic(model, 'rollback', 'fmlops:guardian', reason)
        .catch(error => {
          this.options.logger.warn(
            `fmlops guardian could not roll back ${model.entityRef}: ${error}`,
          );
          return { operation: undefined, created: false };
        });
      if (created && operation) {
        await this.options.audit(model, {
          operationId: operation.id,
          type: 'auto-rollback',
          actor: 'fmlops:guardian',
          reason,
          outcome: 'started',
          evidence: [
            {
              at: this.now().toISOString(),
              kind: 'health-check',
              summary: reason,
              health,
            },
          ],
        });
        this.options.onDecision?.('auto-rollback', model);
        report.rollbacks.push(model.entityRef);
        return true;
      }
    }
    return false;
  }

  private async guardRetraining(
    model: ResolvedModel,
    policy: ModelPolicy,
    statuses: DriftStatus[],
    report: GuardianReport,
  ) {
    if (!policy.retrain.automatic || !model.coordinates.tournamentJobId) {
      return;
    }
    const lastRetrain = (
      await this.options.store.list(servingTargetOf(model), { limit: 50 })
    ).find(op => op.type === 'retrain');
    const decision = evaluateRetrain(policy.retrain, {
      windowStatuses: statuses,
      lastRetrainAt: lastRetrain ? new Date(lastRetrain.createdAt) : undefined,
      now: this.now(),
    });
    if (!decision.retrain) {
      return;
    }
    const reason = decision.reasons.join('; ');
    const { operation, created } = await this.options.operations.startAutomatic(
      model,
      'retrain',
      'fmlops:guardian',
      reason,
    );
    if (created) {
      await this.options.audit(model, {
        operationId: operation.id,
        type: 'auto-retrain',
        actor: 'fmlops:guardian',
        reason,
        outcome: 'started',
        evidence: [
          {
            at: this.now().toISOString(),
            kind: 'drift',
            summary: reason,
            details: { statuses },
          },
        ],
      });
      this.options.onDecision?.('auto-retrain', model);
      report.retrains.push(model.entityRef);
    }
  }

  /** The drift status of the last windows of every model's drift table, one statement per workspace. */
  private async recentDrift(
    models: ResolvedModel[],
  ): Promise<Map<string, DriftStatus[]>> {
    const windows = Math.max(
      1,
      ...models.map(
        m => this.options.policyFor(m).retrain.drift?.ofLastWindows ?? 1,
      ),
    );
    const byWorkspace = new Map<string, Set<string>>();
    for (const m of models) {
      const table = m.coordinates.driftTable;
      if (table && UC_TABLE.test(table)) {
        byWorkspace.set(
          m.coordinates.workspace,
          (byWorkspace.get(m.coordinates.workspace) ?? new Set()).add(table),
        );
      }
    }
    const out = new Map<string, DriftStatus[]>();
    for (const [workspace, tables] of byWorkspace) {
      const statement = [...tables]
        .map(
          t => `SELECT * FROM (
             SELECT '${t}' AS drift_table, window_start, MAX(psi) AS max_psi, MAX(js_distance) AS max_js_distance
             FROM ${quoteTable(
               t,
             )} GROUP BY window_start ORDER BY window_start DESC LIMIT ${windows})`,
        )
        .join('\nUNION ALL\n');
      const rows = await this.options.port.executeSql(workspace, statement);
      const grouped = new Map<
        string,
        Array<{ at: string; status: DriftStatus }>
      >();
      for (const row of rows) {
        const table = String(row.drift_table);
        grouped.set(table, [
          ...(grouped.get(table) ?? []),
          {
            at: new Date(String(row.window_start)).toISOString(),
            status: driftStatus({
              psi: Number(row.max_psi),
              jsDistance: Number(row.max_js_distance),
            }),
          },
        ]);
      }
      for (const [table, list] of grouped) {
        out.set(
          table,
          list.sort((a, b) => a.at.localeCompare(b.at)).map(w => w.status),
        );
      }
    }
    return out;
  }
}
