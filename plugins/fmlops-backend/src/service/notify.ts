import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';

const SEVERITY: Partial<
  Record<AuditEvent['outcome'], 'critical' | 'high' | 'normal' | 'low'>
> = {
  'awaiting-approval': 'high',
  'rolled-back': 'high',
  failed: 'high',
  aborted: 'normal',
  paused: 'normal',
  succeeded: 'normal',
  started: 'low',
};

/** What the notification's title says happened. */
function headline(event: AuditEvent): string {
  if (event.outcome === 'awaiting-approval') {
    return `${event.type} awaits approval`;
  }
  if (event.type === 'approve') {
    return 'promotion approved';
  }
  if (event.type === 'reject') {
    return 'promotion rejected';
  }
  return `${event.type} ${event.outcome}`;
}

/**
 * Tells a model's owners what happened to it through Backstage notifications (the entity
 * recipient resolves to its owners). Only outcomes worth a person's attention are sent (a
 * promotion waiting for their approval, and its approval or rejection, among them), and a
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
      (automatic && event.outcome === 'started') ||
      event.outcome === 'awaiting-approval' ||
      event.type === 'approve' ||
      event.type === 'reject';
    if (!worthTelling) {
      return;
    }
    const name = model.entity.metadata.title ?? model.entity.metadata.name;
    const { kind, metadata } = model.entity;
    const environment = event.environment;
    const link = `${appBaseUrl}/catalog/${
      metadata.namespace ?? 'default'
    }/${kind.toLocaleLowerCase('en-US')}/${metadata.name}/mlops${
      environment ? `?env=${encodeURIComponent(environment)}` : ''
    }`;
    notifications
      .send({
        recipients: { type: 'entity', entityRef: model.entityRef },
        payload: {
          title: `${name}${environment ? ` (${environment})` : ''}: ${headline(
            event,
          )}`,
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
