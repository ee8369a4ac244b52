import type {
  DriftStatus,
  ModelHealth,
  PortfolioItem,
} from '@fmlops/backstage-plugin-fmlops-common';

/** The portfolio page's filters; an empty or missing criterion matches everything. */
export interface PortfolioFilter {
  health?: ModelHealth[];
  /** `none` matches models without a drift table or window */
  drift?: Array<DriftStatus | 'none'>;
  workspace?: string;
  owner?: string;
  search?: string;
}

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

/** The distinct workspaces and owners of a portfolio, sorted, for the filter menus. */
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

/** Worst health first, then by name: what needs attention comes to the top. */
export function byAttention(a: PortfolioItem, b: PortfolioItem): number {
  return (
    HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
    a.entityRef.localeCompare(b.entityRef)
  );
}
