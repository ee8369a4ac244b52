import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';

const SEVERITY: Partial<
  Record<AuditEvent['outcome'], 'critical' | 'high' | 'normal' | 'low'>
> = {
  'rolled-back': 'high',
  failed: 'high',
  aborted: 'normal',
  paused: 'normal',
  succeeded: 'normal',
  started: 'low',
};

/**
 * Tells a model's owners what happened to it through Backstage notifications (the entity
 * recipient resolves to its owners). Only outcomes worth a person's attention are sent, and a
 * missing notifications backend never fails an operation.
 */
export function notifyOwners(
  notifications: NotificationService,
  logger: LoggerService,
  appBaseUrl: string,
) {
  return (event: AuditEvent, model: ResolvedModel) => {
    const automatic = event.actor.startsWith('fmlops:');
    const worthTelling =
      ['rolled-back', 'failed', 'paused', 'aborted'].includes(event.outcome) ||
      (event.outcome === 'succeeded' && event.type !== 'alias-sync') ||
      (automatic && event.outcome === 'started');
    if (!worthTelling) {
      return;
    }
    const name = model.entity.metadata.title ?? model.entity.metadata.name;
    const { kind, metadata } = model.entity;
    const link = `${appBaseUrl}/catalog/${
      metadata.namespace ?? 'default'
    }/${kind.toLocaleLowerCase('en-US')}/${metadata.name}/mlops`;
    notifications
      .send({
        recipients: { type: 'entity', entityRef: model.entityRef },
        payload: {
          title: `${name}: ${event.type} ${event.outcome}`,
          description: [
            event.reason,
            automatic ? `decided by ${event.actor}` : `by ${event.actor}`,
          ]
            .filter(Boolean)
            .join(' — '),
          link,
          severity: SEVERITY[event.outcome] ?? 'normal',
          topic: 'fmlops',
          scope: event.operationId ? `fmlops:${event.operationId}` : undefined,
        },
      })
      .catch(error =>
        logger.debug(
          `fmlops could not notify the owners of ${model.entityRef}: ${error}`,
        ),
      );
  };
}
