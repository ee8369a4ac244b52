import {
  DEFAULT_POLICY,
  fmlopsModelApprovePermission,
  fmlopsModelPromotePermission,
  fmlopsModelRollbackPermission,
  fmlopsModelSetSplitPermission,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  assertSplitShape,
  canarySteps,
  permissionFor,
  splitProblems,
} from './validation';

describe('operation requests', () => {
  it('asks the permission of the request type, and a reason for a rollback or an abort', () => {
    expect(
      permissionFor({ type: 'set-split', routes: [] } as OperationRequest),
    ).toBe(fmlopsModelSetSplitPermission);
    expect(permissionFor({ type: 'rollback', reason: 'p99 doubled' })).toBe(
      fmlopsModelRollbackPermission,
    );
    expect(() => permissionFor({ type: 'rollback', reason: '  ' })).toThrow(
      'A rollback needs a reason',
    );
    expect(() => permissionFor({ type: 'abort', reason: '' })).toThrow(
      /needs a reason/,
    );
    expect(() =>
      permissionFor({ type: 'deploy' } as unknown as OperationRequest),
    ).toThrow('Unknown operation type deploy');
  });

  it('asks the approve permission and a reason to approve or reject a promotion', () => {
    expect(permissionFor({ type: 'approve', reason: 'checked the gate' })).toBe(
      fmlopsModelApprovePermission,
    );
    expect(() => permissionFor({ type: 'reject', reason: ' ' })).toThrow(
      'A rejection needs a reason',
    );
    expect(() =>
      permissionFor({ type: 'approve' } as unknown as OperationRequest),
    ).toThrow('An approval needs a reason');
    expect(permissionFor({ type: 'promote-to-env', sourceVersion: '3' })).toBe(
      fmlopsModelPromotePermission,
    );
    expect(() =>
      permissionFor({
        type: 'promote',
        sourceEnvironment: 'dev',
      } as OperationRequest),
    ).toThrow(
      'sourceEnvironment and sourceVersion belong to a promote-to-env, not a promote',
    );
  });

  it("takes a promotion's canary steps from the request, else the policy, and checks them", () => {
    expect(canarySteps({ type: 'promote' }, DEFAULT_POLICY)).toEqual([
      10, 50, 100,
    ]);
    expect(
      canarySteps({ type: 'promote', steps: [25, 100] }, DEFAULT_POLICY),
    ).toEqual([25, 100]);
    expect(
      canarySteps(
        { type: 'promote', strategy: 'direct', steps: [5, 100] },
        DEFAULT_POLICY,
      ),
    ).toEqual([100]);
    for (const steps of [[], [10, 50], [50, 10, 100], [10.5, 100]]) {
      expect(() =>
        canarySteps({ type: 'promote', steps }, DEFAULT_POLICY),
      ).toThrow('Canary steps must be increasing whole percentages');
    }
  });

  it('names every problem of a split at once', () => {
    const versions = new Set(['3', '4']);
    expect(
      splitProblems(
        [
          { modelVersion: '3', trafficPercentage: 90 },
          { modelVersion: '4', trafficPercentage: 10 },
        ],
        { ucModel: 'fraud.models.card', versions },
      ),
    ).toEqual([]);
    expect(
      splitProblems(
        [
          { modelVersion: '4', trafficPercentage: 60.5 },
          { modelVersion: '4', trafficPercentage: 20 },
          { modelVersion: '9', trafficPercentage: 10 },
        ],
        { ucModel: 'fraud.models.card', versions },
      ),
    ).toEqual([
      'traffic percentages must sum to 100, not 90.5',
      'traffic percentages must be whole numbers from 0 to 100',
      'fraud.models.card has no version 9',
      'each model version may appear once',
    ]);
  });

  it('checks the request alone before the versions are known', () => {
    expect(
      splitProblems([
        { modelVersion: '9', trafficPercentage: 50 },
        { modelVersion: '9', trafficPercentage: 40 },
      ]),
    ).toEqual([
      'traffic percentages must sum to 100, not 90',
      'each model version may appear once',
    ]);
    expect(() =>
      assertSplitShape([{ modelVersion: '9', trafficPercentage: 100 }]),
    ).not.toThrow();
    expect(() => assertSplitShape([])).toThrow(
      'Invalid split: routes must list at least one model version',
    );
  });
});
