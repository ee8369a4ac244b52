import {
  describeEnvironments,
  describePhase,
  describeStatus,
} from './operations';

describe('operation words', () => {
  it('says the promotion phases in words and keeps the plain ones', () => {
    expect(describePhase('waiting-for-job')).toBe(
      'waiting for the promotion job to copy the version',
    );
    expect(describePhase('registering')).toBe(
      'registering the copied version as challenger',
    );
    expect(describePhase('baking')).toBe('baking');
    expect(describePhase('some-new-phase')).toBe('some new phase');
    expect(describeStatus('awaiting-approval')).toBe('awaiting approval');
  });

  it('names both environments of a promotion between them', () => {
    const operation = {
      id: 'op-9',
      entityRef: 'resource:default/payments-fraud-scorer',
      type: 'promote-to-env' as const,
      status: 'running' as const,
      phase: 'starting-job',
      requestedBy: 'user:default/guest',
      createdAt: '2026-12-02T06:00:00.000Z',
      updatedAt: '2026-12-02T06:00:00.000Z',
      evidence: [],
      history: [],
      environment: 'prd',
      sourceEnvironment: 'acc',
    };
    expect(describeEnvironments(operation)).toBe('Promotion from acc to prd');
    expect(
      describeEnvironments({ ...operation, type: 'promote' }),
    ).toBeUndefined();
  });
});
