import { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';

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
