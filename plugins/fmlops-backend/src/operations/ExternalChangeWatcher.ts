import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuditEvent,
  RecordedRollout,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { OperationStore } from '../database/OperationStore';
import { ResolvedModel } from '../service/ModelCatalog';
import { auditEvent } from './commands';
import { currentRoutes } from './initialState/currentRoutes';
import { DatabricksOpsPort } from './ports';
import { describeRoutes, sameRoutes } from './traffic';
import { servingTargetOf } from './servingTarget';

const ENDED = new Set(['succeeded', 'rolled-back', 'aborted', 'failed']);

/** Who changed serving, as far as the portal can tell from one look at the endpoint. */
export type ServingChange =
  | { kind: 'first-look' }
  | { kind: 'unchanged' }
  | { kind: 'portal' }
  | { kind: 'external'; before: TrafficRoute[]; recorded?: RecordedRollout };

/**
 * Judges what the endpoint serves now against what the portal saw last and the latest change its
 * history records (an operation's or the guardian's outcome): the portal made a change when its
 * history says it left the endpoint exactly so since the last look; anything else came from
 * outside (a bundle deployment, the Databricks UI or API). A deployment job that rolled out by itself
 * records its change on the endpoint (`fmlops-last-rollout`): when that record ends in what the
 * endpoint serves, the change is credited to it, and on a first look (the portal started after the
 * deployment) its `before` is the state a rollback restores.
 */
export function judgeServingChange(
  lastSeen: { routes: TrafficRoute[]; observedAt: number } | undefined,
  now: TrafficRoute[],
  latestRecorded: { routes: TrafficRoute[]; at: number } | undefined,
  recordedRollout?: RecordedRollout,
): ServingChange {
  const byDeploymentJob =
    recordedRollout && sameRoutes(recordedRollout.after, now)
      ? recordedRollout
      : undefined;
  if (!lastSeen) {
    return byDeploymentJob &&
      !sameRoutes(byDeploymentJob.before, now) &&
      !(latestRecorded && sameRoutes(latestRecorded.routes, now))
      ? {
          kind: 'external',
          before: byDeploymentJob.before,
          recorded: byDeploymentJob,
        }
      : { kind: 'first-look' };
  }
  if (sameRoutes(lastSeen.routes, now)) {
    return { kind: 'unchanged' };
  }
  if (
    latestRecorded &&
    latestRecorded.at >= lastSeen.observedAt &&
    sameRoutes(latestRecorded.routes, now)
  ) {
    return { kind: 'portal' };
  }
  return {
    kind: 'external',
    before: lastSeen.routes,
    recorded: byDeploymentJob,
  };
}

export interface ExternalChangeWatcherOptions {
  store: OperationStore;
  port: DatabricksOpsPort;
  logger: LoggerService;
  listModels: () => Promise<ResolvedModel[]>;
  /** told of each external change once it is in the history */
  onAudit?: (event: AuditEvent, model: ResolvedModel) => void;
  now?: () => Date;
}

/**
 * Notices serving changes made outside the portal and records them in the endpoint's history as
 * `external`, so the history is complete and a rollback knows the state before them. Endpoints
 * with an active operation are the controller's: it pauses on a change it did not make.
 */
export class ExternalChangeWatcher {
  private readonly now: () => Date;

  constructor(private readonly options: ExternalChangeWatcherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** One look at every model's endpoint; returns the endpoints changed from outside. */
  async tick(): Promise<string[]> {
    const changed: string[] = [];
    const seen = new Set<string>();
    for (const model of await this.options.listModels()) {
      const target = servingTargetOf(model);
      if (seen.has(target)) {
        continue;
      }
      seen.add(target);
      try {
        if (await this.check(model)) {
          changed.push(target);
        }
      } catch (error) {
        this.options.logger.debug(
          `fmlops could not look at ${target} for changes made outside the portal: ${error}`,
        );
      }
    }
    return changed;
  }

  private async check(model: ResolvedModel): Promise<boolean> {
    const { store } = this.options;
    const target = servingTargetOf(model);
    if (await store.active(target)) {
      return false;
    }
    const { routes, updating, recordedRollout } = await currentRoutes(
      this.options.port,
      model,
    );
    if (updating) {
      // judged once the endpoint settles
      return false;
    }
    const lastSeen = await store.lastObservedRoutes(target);
    // the latest state an ended operation (or an earlier external change) left the endpoint in
    const recorded = (await store.history(target, 20)).find(
      e => e.after?.length && ENDED.has(e.outcome),
    );
    const change = judgeServingChange(
      lastSeen,
      routes,
      recorded && { routes: recorded.after!, at: Date.parse(recorded.at) },
      recordedRollout,
    );
    const now = this.now();
    if (change.kind === 'unchanged') {
      return false;
    }
    if (change.kind !== 'external') {
      await store.observeRoutes(target, routes, now.getTime());
      return false;
    }
    const event = auditEvent(
      model,
      {
        type: 'external',
        actor: 'databricks:outside-fmlops',
        reason: `${
          change.recorded
            ? `the deployment job rolled out v${
                change.recorded.version
              } by itself (${[change.recorded.by, change.recorded.at]
                .filter(Boolean)
                .join(', ')})`
            : 'serving changed outside the portal (a bundle deployment, the Databricks UI or API)'
        }: ${describeRoutes(change.before)} → ${describeRoutes(routes)}`,
        outcome: 'succeeded',
        before: change.before,
        after: routes,
      },
      now,
    );
    await store.observeRoutes(target, routes, now.getTime(), event);
    this.options.onAudit?.(event, model);
    return true;
  }
}
