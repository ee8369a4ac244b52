import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from './ModelCatalog';
import { notifyOwners } from './notify';

const model = {
  entityRef: 'resource:default/payments-fraud-scorer',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-fraud-scorer', title: 'Payments fraud scorer' },
  },
  environment: 'prd',
  coordinates: {
    workspace: 'prd',
    ucModel: 'fmlops_prd.payments.payments_fraud_scorer',
    servingEndpoint: 'payments-fraud-scorer',
  },
} as ResolvedModel;

function notifier() {
  const sent: Parameters<NotificationService['send']>[0][] = [];
  const notifications: NotificationService = {
    send: async options => {
      sent.push(options);
    },
  };
  return {
    sent,
    notify: notifyOwners(
      notifications,
      mockServices.logger.mock(),
      'http://portal',
    ),
  };
}

const event = (e: Partial<AuditEvent>): AuditEvent => ({
  id: 'e1',
  entityRef: model.entityRef,
  operationId: 'op-1',
  environment: 'prd',
  type: 'promote-to-env',
  actor: 'user:default/guest',
  outcome: 'started',
  at: '2026-12-02T08:00:00Z',
  ...e,
});

describe('notifying a model’s owners', () => {
  it('asks them to approve a promotion into an environment, linking to that environment', () => {
    const { sent, notify } = notifier();
    notify(
      event({ outcome: 'awaiting-approval', reason: 'acc v2 beats prd v1' }),
      model,
    );
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: model.entityRef },
        payload: {
          title: 'Payments fraud scorer (prd): promote-to-env awaits approval',
          description: 'acc v2 beats prd v1 — by user:default/guest',
          link: 'http://portal/catalog/default/resource/payments-fraud-scorer/mlops?env=prd',
          severity: 'high',
          topic: 'fmlops',
          scope: 'fmlops:op-1',
        },
      },
    ]);
  });

  it('tells them who approved or rejected it, and why', () => {
    const { sent, notify } = notifier();
    notify(
      event({
        type: 'approve',
        outcome: 'recorded',
        actor: 'user:default/reviewer',
        reason: 'checked',
      }),
      model,
    );
    notify(
      event({
        type: 'reject',
        outcome: 'aborted',
        actor: 'user:default/reviewer',
        reason: 'freeze',
      }),
      model,
    );
    expect(sent.map(s => [s.payload.title, s.payload.description])).toEqual([
      [
        'Payments fraud scorer (prd): promotion approved',
        'checked — by user:default/reviewer',
      ],
      [
        'Payments fraud scorer (prd): promotion rejected',
        'freeze — by user:default/reviewer',
      ],
    ]);
  });

  it('keeps quiet about a promotion a person started without approval', () => {
    const { sent, notify } = notifier();
    notify(event({ outcome: 'started' }), model);
    expect(sent).toEqual([]);
  });
});
