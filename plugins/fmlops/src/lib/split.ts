import type { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * The traffic split editor's arithmetic: routes are whole percentages that always sum to 100,
 * so moving one slider takes from (or gives to) the other routes.
 */

/**
 * Sets one route's percentage and rebalances the others so the total stays 100. The difference
 * goes to the other routes from the last one backwards (with two routes: simply the other one),
 * each between 0 and 100.
 */
export function rebalanceSplit(
  routes: TrafficRoute[],
  index: number,
  percentage: number,
): TrafficRoute[] {
  if (index < 0 || index >= routes.length) {
    return routes;
  }
  const next = routes.map(r => ({ ...r }));
  if (routes.length === 1) {
    next[0].trafficPercentage = 100;
    return next;
  }
  const target = Math.min(100, Math.max(0, Math.round(percentage)));
  next[index].trafficPercentage = target;
  // what the others must give up (positive) or receive (negative) to keep the total at 100
  let excess = next.reduce((sum, r) => sum + r.trafficPercentage, 0) - 100;
  for (let i = next.length - 1; i >= 0 && excess !== 0; i--) {
    if (i === index) {
      continue;
    }
    const current = next[i].trafficPercentage;
    const adjusted = Math.min(100, Math.max(0, current - excess));
    excess -= current - adjusted;
    next[i].trafficPercentage = adjusted;
  }
  return next;
}

/** Why a split cannot be submitted, one message per problem; empty when it is valid. */
export function validateSplit(routes: TrafficRoute[]): string[] {
  const problems: string[] = [];
  if (routes.length === 0) {
    problems.push('Add at least one route.');
    return problems;
  }
  const versions = new Set<string>();
  for (const route of routes) {
    if (!route.modelVersion.trim()) {
      problems.push('Every route needs a model version.');
    } else if (versions.has(route.modelVersion)) {
      problems.push(`Version ${route.modelVersion} appears twice.`);
    }
    versions.add(route.modelVersion);
    if (
      !Number.isInteger(route.trafficPercentage) ||
      route.trafficPercentage < 0 ||
      route.trafficPercentage > 100
    ) {
      problems.push(
        `Version ${route.modelVersion}: traffic must be a whole number from 0 to 100.`,
      );
    }
  }
  const total = routes.reduce((sum, r) => sum + r.trafficPercentage, 0);
  if (total !== 100) {
    problems.push(`The routes sum to ${total} %, not 100 %.`);
  }
  return problems;
}

/** True when two splits send the same traffic to the same versions. */
export function sameSplit(a: TrafficRoute[], b: TrafficRoute[]): boolean {
  const key = (routes: TrafficRoute[]) =>
    routes
      .map(r => `${r.modelVersion}:${r.trafficPercentage}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}
