import type { DriftStatus } from '../drift/thresholds';
import type { ModelHealth, PortfolioItem } from '../model/types';

/**
 * The portfolio's filters (the page's and the API's); an empty or missing criterion matches
 * everything.
 *
 * @public
 */
export interface PortfolioFilter {
  health?: ModelHealth[];
  /** `none` matches models without a drift table or window */
  drift?: Array<DriftStatus | 'none'>;
  workspace?: string;
  owner?: string;
  search?: string;
}

/**
 * A portfolio request: the filters, and the page (from `offset`, at most `limit` models; every
 * matching model when no limit).
 *
 * @public
 */
export type PortfolioQuery = PortfolioFilter & {
  offset?: number;
  limit?: number;
};

/**
 * The models that match every criterion of the filter, in the order given.
 *
 * @public
 */
export function filterPortfolio(
  items: PortfolioItem[],
  filter: PortfolioFilter,
): PortfolioItem[] {
  const terms = (filter.search ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  return items.filter(item => {
    if (filter.health?.length && !filter.health.includes(item.health)) {
      return false;
    }
    if (
      filter.drift?.length &&
      !filter.drift.includes(item.driftStatus ?? 'none')
    ) {
      return false;
    }
    if (filter.workspace && item.workspace !== filter.workspace) {
      return false;
    }
    if (filter.owner && item.owner !== filter.owner) {
      return false;
    }
    if (terms.length) {
      const haystack = [
        item.entityRef,
        item.title,
        item.owner,
        item.ucModel,
        item.servingEndpoint,
        item.workspace,
      ]
        .filter(Boolean)
        .join(' ')
        .toLocaleLowerCase('en-US');
      return terms.every(term => haystack.includes(term));
    }
    return true;
  });
}

/**
 * The distinct workspaces and owners of a portfolio, sorted, for the filter menus.
 *
 * @public
 */
export function portfolioFacets(items: PortfolioItem[]) {
  const workspaces = new Set<string>();
  const owners = new Set<string>();
  for (const item of items) {
    workspaces.add(item.workspace);
    if (item.owner) {
      owners.add(item.owner);
    }
  }
  return {
    workspaces: [...workspaces].sort(),
    owners: [...owners].sort(),
  };
}

const HEALTH_ORDER: Record<ModelHealth, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  healthy: 3,
};

/**
 * Worst health first, then by name: what needs attention comes to the top.
 *
 * @public
 */
export function byAttention(a: PortfolioItem, b: PortfolioItem): number {
  return (
    HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
    // code-unit order: entity refs are ASCII, and the API sorts thousands per request
    (a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef))
  );
}

/**
 * How many models have each health.
 *
 * @public
 */
export function healthCounts(
  items: PortfolioItem[],
): Record<ModelHealth, number> {
  const counts: Record<ModelHealth, number> = {
    critical: 0,
    warning: 0,
    unknown: 0,
    healthy: 0,
  };
  for (const item of items) {
    counts[item.health] += 1;
  }
  return counts;
}

/**
 * One page of a portfolio: the filtered models in attention order from `offset`, at most `limit`
 * of them (all when absent), with the filtered total; the health counts and the facets are over
 * every model given, so the page's chips and menus do not change as the filters do.
 *
 * @public
 */
export function portfolioPage(items: PortfolioItem[], query: PortfolioQuery) {
  const filtered = filterPortfolio(items, query).sort(byAttention);
  const offset = query.offset ?? 0;
  return {
    items: filtered.slice(
      offset,
      query.limit === undefined ? undefined : offset + query.limit,
    ),
    total: filtered.length,
    counts: healthCounts(items),
    facets: portfolioFacets(items),
  };
}
