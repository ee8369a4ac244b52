import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuditEvent,
  Evidence,
  ModelPolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { OperationStore, StoredOperation } from '../database/OperationStore';
import {
  BoundResource,
  endpointOf,
  jobOf,
  ucModelOf,
} from '../service/bindingDecision';
import { ResolvedModel } from '../service/ModelCatalog';
import { auditEvent } from './commands';
import { DatabricksOpsPort } from './ports';
import { observePromotionToEnv } from './promoteToEnvObserve';
import { Command, decide, Observation, ObservedEndpoint } from './reconcile';
import { samplesByVersion } from './servingSamples';
import { legacyTargetOf, servingTargetOf } from './servingTarget';

export interface ControllerOptions {
  store: OperationStore;
  port: DatabricksOpsPort;
  logger: LoggerService;
  /**
   * the model behind an entity ref in an environment (default: the entity's default one, where
   * operations from before environments act), read with the plugin's own credentials; undefined
   * when the catalog has no such entity or it no longer has that environment
   */
  resolveModel: (
    entityRef: string,
    environment?: string,
  ) => Promise<ResolvedModel | undefined>;
  policyFor: (model: ResolvedModel) => ModelPolicy;
  /** why the entity may not operate these resources now, or undefined when it may */
  bindingRefusal: (
    entityRef: string,
    resources: BoundResource[],
  ) => Promise<string | undefined>;
  /**
   * told of each history event once it is written (in the transaction of the change it records):
   * notifications, metrics, cache invalidation; the model is absent when the catalog lost it
   */
  onAudit?: (event: AuditEvent, model?: ResolvedModel) => void;
  onOutcome?: (op: StoredOperation, outcome: string) => void;
  /** how soon to look again at an operation that waits on Databricks */
  pollIntervalMs: number;
  now?: () => Date;
}

const TERMINAL = new Set(['succeeded', 'failed', 'aborted', 'rolled-back']);

/**
 * Advances running operations: observe, decide (pure), record the intent, call Databricks, record
 * the result. Run by a global scheduled task, so one backend instance advances a given operation
 * at a time; the store's revision check guards the rest. Before each call it checks that the
 * entity still names the endpoint the operation acts on and that the resources the call touches
 * are still bound to it; otherwise the operation pauses for a human.
 */
export class Controller {
  private readonly now: () => Date;

  constructor(private readonly options: ControllerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One pass over every due operation. Returns how many were advanced. Stops between decisions
   * once `signal` aborts (the scheduler's timeout): the task lease then passes to another
   * replica, and revisions keep a late write of this one from overwriting its work.
   */
  async tick(signal?: AbortSignal): Promise<number> {
    const due = await this.options.store.due(this.now().getTime());
    let advanced = 0;
    for (const op of due) {
      if (signal?.aborted) {
        break;
      }
      try {
        // an operation may take several decisions in one pass (e.g. apply → bake)
        for (let i = 0; i < 5 && !signal?.aborted; i++) {
          const current = await this.options.store.get(op.id);
          if (
            !current ||
            current.status !== 'running' ||
            current.nextTickAt > this.now().getTime()
          ) {
            break;
          }
          const moved = await this.advance(current);
          advanced += 1;
          if (!moved) {
            break;
          }
        }
      } catch (error) {
        this.options.logger.warn(
          `fmlops operation ${op.id} on ${op.entityRef} could not advance: ${error}`,
        );
        await this.retryLater(op, error);
      }
    }
    return advanced;
  }

  /** Returns true when the state moved and another decision may follow at once. */
  private async advance(current: StoredOperation): Promise<boolean> {
    let op = current;
    const model = await this.options.resolveModel(op.entityRef, op.environment);
    if (!model) {
      // failing would leave traffic wherever the canary had it: a human decides
      await this.pause(
        op,
        undefined,
        `${op.entityRef} is no longer in the catalog${
          op.environment ? ` with the environment ${op.environment}` : ''
        }; restore it and resume, or abort to restore the traffic from before`,
      );
      return false;
    }
    const target = servingTargetOf(model);
    if (op.servingTarget === legacyTargetOf(op.entityRef)) {
      // started before operations were keyed by endpoint: move it to the endpoint it acts on
      await this.options.store.adoptLegacyTarget(op.entityRef, target);
      return true;
    }
    if (target !== op.servingTarget) {
      await this.pause(
        op,
        model,
        `${op.entityRef} now names the serving endpoint ${target}, not ${op.servingTarget}, which this operation acts on`,
      );
      return false;
    }
    if (
      op.state.deadlineAt &&
      this.now().getTime() > Date.parse(op.state.deadlineAt)
    ) {
      await this.pause(
        op,
        model,
        `the operation did not finish by its deadline (${op.state.deadlineAt}); resume to give it more time, or abort`,
      );
      return false;
    }
    const policy = this.options.policyFor(model);
    const observation = await this.observe(op, model);
    const decision = decide(op.state, observation, policy);
    const at = this.now().toISOString();
    const evidence: Evidence[] = decision.evidence
      ? [{ ...decision.evidence, at }]
      : [];

    let next = decision.next;
    if (decision.command) {
      const refusal = await this.options.bindingRefusal(
        op.entityRef,
        resourcesOfCommand(model, decision.command),
      );
      if (refusal) {
        await this.pause(op, model, refusal);
        return false;
      }
      // record the intent before the call: a crash now leaves a trace, and the next tick re-observes
      const intentRecorded = await this.options.store.update(op, {
        state: op.state,
        message: decision.message,
        newHistory: [
          {
            at,
            phase: op.state.phase,
            message: `calling Databricks: ${describeCommand(decision.command)}`,
          },
        ],
        nextTickAt: this.now().getTime() + this.options.pollIntervalMs,
        now: this.now().getTime(),
      });
      if (!intentRecorded) {
        return false;
      }
      op = (await this.options.store.get(op.id))!;
      const result = await this.execute(model, decision.command);
      if (result?.runId) {
        next = { ...next, jobRunId: result.runId };
        const fresh = await this.options.store.get(op.id);
        if (
          fresh &&
          fresh.revision !== op.revision &&
          fresh.status === 'aborted'
        ) {
          // aborted while run-now was in flight: the abort could not know the run to cancel
          await this.options.port.cancelJobRun(
            model.coordinates.workspace,
            result.runId,
          );
          return false;
        }
      }
    }

    // a quiet decision only adds a measurement: recorded, but it is no step of the history
    const changed =
      !decision.quiet && JSON.stringify(next) !== JSON.stringify(op.state);
    if (TERMINAL.has(next.status)) {
      await this.finish(op, model, next, decision.message, evidence);
      return false;
    }
    // while baking, a measurement every interval until the bake ends
    const waitMs =
      next.phase === 'baking' && next.bakeUntil
        ? Math.max(
            0,
            Math.min(
              Date.parse(next.bakeUntil) - this.now().getTime(),
              this.options.pollIntervalMs,
            ),
          )
        : this.options.pollIntervalMs;
    const newlyPaused =
      next.status === 'paused' && op.state.status !== 'paused';
    const audit = newlyPaused
      ? auditEvent(
          op,
          {
            operationId: op.id,
            type: op.type,
            actor: 'fmlops:controller',
            reason: decision.message,
            outcome: 'paused',
            evidence,
          },
          this.now(),
        )
      : undefined;
    const recorded = await this.options.store.update(op, {
      state: next,
      message: decision.message,
      newEvidence: evidence,
      newHistory:
        changed || decision.command
          ? [{ at, phase: next.phase, message: decision.message }]
          : [],
      nextTickAt:
        this.now().getTime() + (changed && !decision.command ? 0 : waitMs),
      now: this.now().getTime(),
      audit,
    });
    if (recorded && audit) {
      this.options.onAudit?.(audit, model);
    }
    return changed && !decision.command && next.status === 'running';
  }

  /** Pauses the operation for a human, recorded and audited, without calling Databricks. */
  private async pause(
    op: StoredOperation,
    model: ResolvedModel | undefined,
    reason: string,
  ): Promise<void> {
    const now = this.now();
    const message = `paused: ${reason}`;
    const audit = auditEvent(
      op,
      {
        operationId: op.id,
        type: op.type,
        actor: 'fmlops:controller',
        reason,
        outcome: 'paused',
      },
      now,
    );
    const paused = await this.options.store.update(op, {
      state: { ...op.state, status: 'paused' },
      message,
      newHistory: [{ at: now.toISOString(), phase: op.state.phase, message }],
      nextTickAt: now.getTime(),
      now: now.getTime(),
      audit,
    });
    if (paused) {
      this.options.onAudit?.(audit, model);
    }
  }

  private async observe(
    op: StoredOperation,
    model: ResolvedModel,
  ): Promise<Observation> {
    if (op.state.type === 'promote-to-env') {
      // before its roll-out a promote-to-env watches the target registry, its job and its gate
      return observePromotionToEnv(
        this.options.port,
        op.state,
        model.coordinates,
        this.now(),
        () => this.observeServing(op, model),
      );
    }
    return this.observeServing(op, model);
  }

  private async observeServing(
    op: StoredOperation,
    model: ResolvedModel,
  ): Promise<Observation> {
    const { workspace, servingEndpoint } = model.coordinates;
    const now = this.now();
    if (op.state.type === 'retrain') {
      if (!op.state.jobRunId) {
        return { now };
      }
      const run = await this.options.port.getJobRun(
        workspace,
        op.state.jobRunId,
      );
      return {
        now,
        jobRun: {
          runId: String(run.run_id ?? op.state.jobRunId),
          lifeCycleState: run.state?.life_cycle_state ?? 'PENDING',
          resultState: run.state?.result_state,
          stateMessage: run.state?.state_message,
        },
      };
    }
    const [endpoint, scrape] = await Promise.all([
      this.options.port.getServingEndpoint(workspace, servingEndpoint),
      // no metrics this tick is a missed measurement, not a failed one
      this.options.port
        .servingMetrics(workspace, servingEndpoint)
        .catch(() => undefined),
    ]);
    const versionOf = (
      entities?: Array<{ name?: string; entity_version?: string }>,
    ) =>
      new Map(
        (entities ?? []).map(e => [
          e.name ?? '',
          String(e.entity_version ?? ''),
        ]),
      );
    const current = versionOf(endpoint.config?.served_entities);
    const routesOf = (
      routes:
        | Array<{
            served_entity_name?: string;
            served_model_name?: string;
            traffic_percentage: number;
          }>
        | undefined,
      names: Map<string, string>,
    ) =>
      routes
        ? routes.map(r => ({
            modelVersion:
              names.get(r.served_entity_name ?? r.served_model_name ?? '') ??
              '',
            trafficPercentage: r.traffic_percentage,
          }))
        : [...names.values()].map(v => ({
            modelVersion: v,
            trafficPercentage: 100,
          }));
    const pending = endpoint.pending_config;
    const observed: ObservedEndpoint = {
      configUpdate: endpoint.state?.config_update ?? 'NOT_UPDATING',
      routes: routesOf(endpoint.config?.traffic_config?.routes, current),
      pendingRoutes: pending
        ? routesOf(
            pending.traffic_config?.routes,
            versionOf(pending.served_entities),
          )
        : undefined,
      samples: samplesByVersion(scrape, endpoint),
    };
    return { now, endpoint: observed };
  }

  private async execute(
    model: ResolvedModel,
    command: Command,
  ): Promise<{ runId?: string } | void> {
    const { workspace, servingEndpoint, ucModel } = model.coordinates;
    const port = this.options.port;
    switch (command.kind) {
      case 'put-routes':
        await port.updateServingRoutes(
          workspace,
          servingEndpoint,
          ucModel,
          command.routes,
        );
        return undefined;
      case 'set-aliases':
        if (command.champion) {
          await port.setAlias(workspace, ucModel, 'champion', command.champion);
        }
        if (command.challenger === null) {
          await port
            .deleteAlias(workspace, ucModel, 'challenger')
            .catch(error => {
              // already gone is what we wanted
              if (
                !/not.?found|does not exist|RESOURCE_DOES_NOT_EXIST/i.test(
                  String(error),
                )
              ) {
                throw error;
              }
            });
        } else if (command.challenger) {
          await port.setAlias(
            workspace,
            ucModel,
            'challenger',
            command.challenger,
          );
        }
        return undefined;
      case 'run-job':
        return port.runJob(
          workspace,
          command.jobId,
          command.idempotencyToken,
          command.parameters,
        );
      default:
        return undefined;
    }
  }

  private async finish(
    op: StoredOperation,
    model: ResolvedModel,
    next: StoredOperation['state'],
    message: string,
    evidence: Evidence[] | undefined,
  ) {
    const now = this.now();
    const automaticRollback =
      next.rollbackOutcome === 'rolled-back' &&
      (op.type === 'promote' || op.type === 'promote-to-env');
    const audit = auditEvent(
      op,
      {
        operationId: op.id,
        type: automaticRollback ? 'auto-rollback' : op.type,
        actor: automaticRollback ? 'fmlops:controller' : op.requestedBy,
        // a success keeps the reason it was started for; anything else says what happened
        reason: next.status === 'succeeded' ? op.reason ?? message : message,
        outcome: next.status,
        before: op.state.before.length ? op.state.before : undefined,
        after: next.status === 'succeeded' ? next.target : next.expected,
        evidence: [...op.evidence, ...(evidence ?? [])],
      },
      now,
    );
    const done = await this.options.store.update(op, {
      state: next,
      message,
      newEvidence: evidence,
      newHistory: [{ at: now.toISOString(), phase: next.phase, message }],
      nextTickAt: now.getTime(),
      now: now.getTime(),
      audit,
    });
    if (!done) {
      return;
    }
    this.options.onAudit?.(audit, model);
    this.options.onOutcome?.(op, next.status);
  }

  private async retryLater(op: StoredOperation, error: unknown) {
    const fresh = await this.options.store.get(op.id);
    if (!fresh || fresh.status !== 'running') {
      return;
    }
    await this.options.store.update(fresh, {
      state: fresh.state,
      message: `waiting for Databricks: ${String(
        (error as Error)?.message ?? error,
      )}`,
      newHistory: [],
      nextTickAt: this.now().getTime() + this.options.pollIntervalMs * 2,
      now: this.now().getTime(),
    });
  }
}

/** The resources a call touches: always the endpoint, plus the model's aliases or the job it runs. */
function resourcesOfCommand(
  model: ResolvedModel,
  command: Command,
): BoundResource[] {
  const c = model.coordinates;
  switch (command.kind) {
    case 'set-aliases':
      return [endpointOf(c), ucModelOf(c)];
    case 'run-job':
      return [endpointOf(c), jobOf(c.workspace, command.jobId)];
    default:
      return [endpointOf(c)];
  }
}

function describeCommand(command: Command): string {
  switch (command.kind) {
    case 'put-routes':
      return `set traffic ${command.routes
        .map(r => `v${r.modelVersion} ${r.trafficPercentage}%`)
        .join(' / ')}`;
    case 'set-aliases':
      return `set aliases champion=v${command.champion ?? '-'}${
        command.challenger === null ? ', remove challenger' : ''
      }`;
    case 'run-job':
      return `run job ${command.jobId}`;
    default:
      return 'unknown';
  }
}
