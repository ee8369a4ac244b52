import { DriftInputError } from './errors';
import {
  DEFAULT_DRIFT_THRESHOLDS,
  driftStatus,
  resolveDriftThresholds,
} from './thresholds';

describe('driftStatus', () => {
  it.each([
    [0, 0, 'stable'],
    [0.0999, 0.05, 'stable'],
    [0.1, 0.05, 'warning'],
    [0.1999, 0.0999, 'warning'],
    [0.2, 0, 'drift'],
    [0.05, 0.1, 'drift'],
    [3, 0.5, 'drift'],
  ] as const)(
    'calls psi %p with JS distance %p %s under the default thresholds',
    (psi, jsDistance, status) => {
      expect(driftStatus({ psi, jsDistance })).toBe(status);
    },
  );

  it('uses the configured thresholds, the rest from the defaults', () => {
    expect(driftStatus({ psi: 0.15, jsDistance: 0 }, { psiDrift: 0.15 })).toBe(
      'drift',
    );
    expect(
      driftStatus({ psi: 0.05, jsDistance: 0.12 }, { jsDistanceDrift: 0.2 }),
    ).toBe('stable');
    expect(
      driftStatus({ psi: 0.05, jsDistance: 0.12 }, { psiWarning: 0.01 }),
    ).toBe('drift');
  });

  it('rejects negative or missing measures', () => {
    expect(() => driftStatus({ psi: -0.1, jsDistance: 0 })).toThrow(
      DriftInputError,
    );
    expect(() => driftStatus({ psi: NaN, jsDistance: 0 })).toThrow(
      /non-negative numbers, got psi=NaN/,
    );
  });
});

describe('resolveDriftThresholds', () => {
  it('defaults to the contract: 0.1 / 0.2 PSI and 0.1 JS distance', () => {
    expect(resolveDriftThresholds()).toEqual({
      psiWarning: 0.1,
      psiDrift: 0.2,
      jsDistanceDrift: 0.1,
    });
    expect(Object.isFrozen(DEFAULT_DRIFT_THRESHOLDS)).toBe(true);
  });

  it('rejects a warning threshold above the drift threshold', () => {
    expect(() => resolveDriftThresholds({ psiWarning: 0.3 })).toThrow(
      'Drift threshold psiWarning (0.3) must not be above psiDrift (0.2)',
    );
  });

  it('rejects thresholds that are not finite numbers', () => {
    expect(() => resolveDriftThresholds({ jsDistanceDrift: Infinity })).toThrow(
      /jsDistanceDrift must be a finite, non-negative number/,
    );
    expect(() =>
      resolveDriftThresholds({ psiDrift: '0.2' as unknown as number }),
    ).toThrow(DriftInputError);
  });
});
