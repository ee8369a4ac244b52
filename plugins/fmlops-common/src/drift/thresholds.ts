import type { components } from '../schema/openapi.generated';
import { DriftInputError } from './errors';

/**
 * Where a measured shift turns into a warning or into drift.
 *
 * @public
 */
export interface DriftThresholds {
  /** PSI at or above which a feature is in `warning` (a moderate shift). */
  psiWarning: number;
  /** PSI at or above which a feature has drifted. */
  psiDrift: number;
  /** Jensen-Shannon distance (base 2) at or above which a feature has drifted. */
  jsDistanceDrift: number;
}

/**
 * The contract's default thresholds: PSI below 0.1 is stable, 0.1 up to 0.2 a warning, 0.2 or more
 * drift; a Jensen-Shannon distance (base 2) of 0.1 or more is drift too.
 *
 * @public
 */
export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> =
  Object.freeze({
    psiWarning: 0.1,
    psiDrift: 0.2,
    jsDistanceDrift: 0.1,
  });

/**
 * Verdict on one feature: `stable`, `warning` (moderate shift) or `drift`; the API spec's
 * `DriftStatus`, as the backend serves it.
 *
 * @public
 */
export type DriftStatus = components['schemas']['DriftStatus'];

/**
 * Completes partial thresholds with the defaults and checks them.
 *
 * @throws {@link DriftInputError} if a threshold is negative or not finite, or if the PSI warning
 * threshold is above the PSI drift threshold.
 * @public
 */
export function resolveDriftThresholds(
  thresholds?: Partial<DriftThresholds>,
): DriftThresholds {
  const resolved: DriftThresholds = {
    psiWarning: thresholds?.psiWarning ?? DEFAULT_DRIFT_THRESHOLDS.psiWarning,
    psiDrift: thresholds?.psiDrift ?? DEFAULT_DRIFT_THRESHOLDS.psiDrift,
    jsDistanceDrift:
      thresholds?.jsDistanceDrift ?? DEFAULT_DRIFT_THRESHOLDS.jsDistanceDrift,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new DriftInputError(
        `Drift threshold ${name} must be a finite, non-negative number, got ${String(
          value,
        )}`,
      );
    }
  }
  if (resolved.psiWarning > resolved.psiDrift) {
    throw new DriftInputError(
      `Drift threshold psiWarning (${resolved.psiWarning}) must not be above psiDrift (${resolved.psiDrift})`,
    );
  }
  return resolved;
}

/**
 * Classifies a feature's shift.
 *
 * @remarks
 * `drift` when the PSI reaches `psiDrift` or the Jensen-Shannon distance (base 2) reaches
 * `jsDistanceDrift`; otherwise `warning` when the PSI reaches `psiWarning`; otherwise `stable`.
 * Missing thresholds take the values of {@link DEFAULT_DRIFT_THRESHOLDS}.
 *
 * @param measures - the feature's PSI and Jensen-Shannon distance in base 2.
 * @param thresholds - optional overrides of the default thresholds.
 * @throws {@link DriftInputError} if a measure is negative or not a number, or the thresholds are invalid.
 * @public
 */
export function driftStatus(
  measures: { psi: number; jsDistance: number },
  thresholds?: Partial<DriftThresholds>,
): DriftStatus {
  const limits = resolveDriftThresholds(thresholds);
  const { psi, jsDistance } = measures;
  if (!(psi >= 0) || !(jsDistance >= 0)) {
    throw new DriftInputError(
      `Drift measures must be non-negative numbers, got psi=${psi} and jsDistance=${jsDistance}`,
    );
  }
  if (psi >= limits.psiDrift || jsDistance >= limits.jsDistanceDrift) {
    return 'drift';
  }
  return psi >= limits.psiWarning ? 'warning' : 'stable';
}
