import { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';
import type { OperationState } from './reconcile';

/** Routes compared as sets of (version, percentage), ignoring zero-traffic routes and order. */
export function sameRoutes(
  a: TrafficRoute[] | undefined,
  b: TrafficRoute[] | undefined,
): boolean {
  const norm = (r: TrafficRoute[] | undefined) =>
    (r ?? [])
      .filter(x => x.trafficPercentage > 0)
      .map(x => `${x.modelVersion}:${x.trafficPercentage}`)
      .sort()
      .join(',');
  return norm(a) === norm(b);
}

/** The canary split for a step: `percent` to the challenger, the rest to the champion. */
export function canaryRoutes(
  champion: string,
  challenger: string,
  percent: number,
): TrafficRoute[] {
  return percent >= 100
    ? [{ modelVersion: challenger, trafficPercentage: 100 }]
    : [
        { modelVersion: champion, trafficPercentage: 100 - percent },
        { modelVersion: challenger, trafficPercentage: percent },
      ];
}

/** Routes as one line of a step history: `v3 90% / v4 10%`. */
export const describeRoutes = (routes: TrafficRoute[] | undefined) =>
  (routes ?? [])
    .map(r => `v${r.modelVersion} ${r.trafficPercentage}%`)
    .join(' / ') || 'nothing';

/**
 * Where a promotion of `challenger` starts over what the endpoint serves: the champion (the given
 * one, else the version with the most traffic) keeps the rest of the first canary step, or the
 * challenger takes all the traffic at once when nothing else serves.
 */
export function promotionStart(
  routes: TrafficRoute[],
  champion: string | undefined,
  challenger: string,
  steps: number[],
): Pick<
  OperationState,
  | 'phase'
  | 'before'
  | 'expected'
  | 'championVersion'
  | 'steps'
  | 'stepIndex'
  | 'target'
  | 'aliases'
> & { steps: number[]; target: TrafficRoute[] } {
  const championVersion =
    champion ??
    [...routes].sort((a, b) => b.trafficPercentage - a.trafficPercentage)[0]
      ?.modelVersion;
  const alone = !championVersion || championVersion === challenger;
  return {
    phase: 'applying',
    before: routes,
    expected: routes,
    championVersion,
    steps: alone ? [100] : steps,
    stepIndex: 0,
    target: alone
      ? [{ modelVersion: challenger, trafficPercentage: 100 }]
      : canaryRoutes(championVersion, challenger, steps[0]),
    aliases: { champion: challenger, challenger: null },
  };
}
