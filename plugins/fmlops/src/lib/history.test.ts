import type { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { groupDecisions, lastRejection, rejectedVersions } from './history';

const REF = 'resource:default/wire-fraud-detector';
const split = (...pairs: Array<[string, number]>) =>
  pairs.map(([modelVersion, trafficPercentage]) => ({
    modelVersion,
    trafficPercentage,
  }));

// the API lists the history newest first
const guardianRollback: AuditEvent[] = [
  {
    id: 'e3',
    entityRef: REF,
    operationId: 'op-9',
    type: 'rollback',
    actor: 'fmlops:guardian',
    reason: 'v5 degrades against the champion v4: error rate 1.20%',
    outcome: 'succeeded',
    at: '2026-11-20T10:02:00.000Z',
    before: split(['4', 80], ['5', 20]),
    after: split(['4', 100]),
  },
  {
    id: 'e2',
    entityRef: REF,
    operationId: 'op-9',
    type: 'rollback',
    actor: 'fmlops:guardian',
    reason: 'v5 degrades against the champion v4: error rate 1.20%',
    outcome: 'started',
    at: '2026-11-20T10:00:00.000Z',
    before: split(['4', 80], ['5', 20]),
    after: split(['4', 100]),
  },
  {
    id: 'e1',
    entityRef: REF,
    operationId: 'op-9',
    type: 'auto-rollback',
    actor: 'fmlops:guardian',
    reason: 'v5 degrades against the champion v4: error rate 1.20%',
    outcome: 'started',
    at: '2026-11-20T10:00:01.000Z',
    evidence: [
      {
        at: '2026-11-20T10:00:00.000Z',
        kind: 'health-check',
        summary: 'error rate 1.20% > 0.20%; p99 973 ms > 500 ms',
      },
    ],
  },
];

describe('groupDecisions', () => {
  it('makes one entry of an automatic rollback, its operation and its outcome', () => {
    const decisions = groupDecisions([
      ...guardianRollback,
      {
        id: 'e0',
        entityRef: REF,
        type: 'alias-sync',
        actor: 'fmlops:guardian',
        outcome: 'recorded',
        at: '2026-11-19T08:00:00.000Z',
      },
    ]);
    expect(decisions).toHaveLength(2);
    const [rollback, sync] = decisions;
    expect(rollback).toMatchObject({
      type: 'auto-rollback',
      actor: 'fmlops:guardian',
      outcome: 'succeeded',
      startedAt: '2026-11-20T10:00:00.000Z',
      endedAt: '2026-11-20T10:02:00.000Z',
      before: split(['4', 80], ['5', 20]),
      after: split(['4', 100]),
    });
    expect(rollback.steps.map(s => s.id)).toEqual(['e2', 'e1', 'e3']);
    expect(rollback.evidence).toHaveLength(1);
    expect(sync.type).toBe('alias-sync');
  });
});

describe('rejectedVersions', () => {
  it('names the version a rollback took out of serving', () => {
    const [decision] = groupDecisions(guardianRollback);
    expect(rejectedVersions(decision)).toEqual(['5']);
    expect(lastRejection([decision], '5')?.operationId).toBe('op-9');
    expect(lastRejection([decision], '4')).toBeUndefined();
  });

  it('names the new version of a promotion rolled back after a failed bake, not of a successful one', () => {
    const promotion = (outcome: AuditEvent['outcome']): AuditEvent[] => [
      {
        id: 'p2',
        entityRef: REF,
        operationId: 'op-1',
        type: outcome === 'rolled-back' ? 'auto-rollback' : 'promote',
        actor: 'fmlops:controller',
        reason: 'the bake failed its health check',
        outcome,
        at: '2026-11-20T11:00:00.000Z',
        before: split(['4', 100]),
        after: outcome === 'succeeded' ? split(['6', 100]) : split(['4', 100]),
      },
      {
        id: 'p1',
        entityRef: REF,
        operationId: 'op-1',
        type: 'promote',
        actor: 'user:default/ada',
        reason: 'v6 wins the tournament',
        outcome: 'started',
        at: '2026-11-20T10:30:00.000Z',
        before: split(['4', 100]),
        after: split(['4', 90], ['6', 10]),
      },
    ];
    const [failed] = groupDecisions(promotion('rolled-back'));
    expect(failed.type).toBe('promote');
    expect(failed.endReason).toBe('the bake failed its health check');
    expect(rejectedVersions(failed)).toEqual(['6']);
    expect(rejectedVersions(groupDecisions(promotion('succeeded'))[0])).toEqual(
      [],
    );
  });
});
