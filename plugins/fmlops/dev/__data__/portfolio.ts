import { portfolioPage } from '@fmlops/backstage-plugin-fmlops-common';
import type {
  Freshness,
  Portfolio,
  PortfolioFilter,
  PortfolioItem,
  PortfolioQuery,
} from '@fmlops/backstage-plugin-fmlops-common';

/** The five demo models as the portfolio endpoint returns them. */
export const demoPortfolioItems: PortfolioItem[] = [
  {
    entityRef: 'resource:default/card-fraud-detector',
    title: 'Card fraud detector',
    owner: 'group:default/fraud-ml',
    workspace: 'dev',
    ucModel: 'fmlops_demo.cards.card_fraud_detector',
    servingEndpoint: 'card-fraud-detector',
    health: 'healthy',
    healthReasons: [],
    endpointReady: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: ['5'],
    driftStatus: 'stable',
    latestDriftWindow: '2026-11-20T03:00:00.000Z',
    maxPsi: 0.04,
  },
  {
    entityRef: 'resource:default/trade-anomaly-detector',
    title: 'Trade anomaly detector',
    owner: 'group:default/markets-ml',
    workspace: 'dev',
    ucModel: 'fmlops_demo.markets.trade_anomaly_detector',
    servingEndpoint: 'trade-anomaly-detector',
    health: 'warning',
    healthReasons: ['3 of the last 6 drift windows in drift'],
    endpointReady: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: ['2'],
    driftStatus: 'drift',
    latestDriftWindow: '2026-11-20T03:00:00.000Z',
    maxPsi: 0.31,
  },
  {
    entityRef: 'resource:default/ach-payment-anomaly',
    title: 'ACH payment anomaly',
    owner: 'group:default/payments-ml',
    workspace: 'dev',
    ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
    servingEndpoint: 'ach-payment-anomaly',
    health: 'healthy',
    healthReasons: [],
    endpointReady: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: ['3', '4'],
    driftStatus: 'warning',
    latestDriftWindow: '2026-11-20T03:00:00.000Z',
    maxPsi: 0.14,
    activeOperation: {
      id: 'op-1',
      type: 'promote',
      status: 'running',
      phase: 'baking',
    },
  },
  {
    entityRef: 'resource:default/wire-fraud-detector',
    title: 'Wire fraud detector',
    owner: 'group:default/payments-ml',
    workspace: 'dev',
    ucModel: 'fmlops_demo.payments.wire_fraud_detector',
    servingEndpoint: 'wire-fraud-detector',
    health: 'critical',
    healthReasons: ['p99 latency of v7 is 4.2× the champion’s'],
    endpointReady: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: ['6', '7'],
    driftStatus: 'stable',
    latestDriftWindow: '2026-11-20T03:00:00.000Z',
    maxPsi: 0.03,
  },
  {
    entityRef: 'resource:default/market-abuse-detector',
    title: 'Market abuse detector',
    owner: 'group:default/markets-ml',
    workspace: 'dev',
    ucModel: 'fmlops_demo.markets.market_abuse_detector',
    servingEndpoint: 'market-abuse-detector',
    health: 'warning',
    healthReasons: [
      'silver: valid_price 82% < 95%',
      'pipeline: Databricks reports it UNHEALTHY',
    ],
    endpointReady: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: ['1'],
    driftStatus: 'stable',
    latestDriftWindow: '2026-11-20T03:00:00.000Z',
    maxPsi: 0.06,
  },
];

export const demoFreshness: Freshness = {
  fetchedAt: '2026-11-20T04:30:00.000Z',
  ageSeconds: 3,
  stale: false,
  source: 'live',
};

/**
 * The portfolio endpoint's answer over `items`, as the backend computes it: one page of the
 * filtered models, worst health first, with the total, and counts and facets over every model.
 */
export function portfolioOf(
  items: PortfolioItem[],
  query: PortfolioQuery = {},
  freshness: Freshness = demoFreshness,
): Portfolio {
  return {
    ...portfolioPage(items, query),
    offset: query.offset ?? 0,
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    freshness,
  };
}

/** The portfolio endpoint's query as a request carries it (the inverse of the client's). */
export function portfolioQueryOf(url: URL): PortfolioQuery {
  const params = url.searchParams;
  const list = <T extends string>(name: string) =>
    params.get(name)?.split(',') as T[] | undefined;
  const int = (name: string) =>
    params.has(name) ? Number(params.get(name)) : undefined;
  const filter: PortfolioFilter = {
    health: list('health'),
    drift: list('drift'),
    workspace: params.get('workspace') ?? undefined,
    owner: params.get('owner') ?? undefined,
    search: params.get('search') ?? undefined,
  };
  return { ...filter, offset: int('offset'), limit: int('limit') };
}

const HEALTHS = ['healthy', 'warning', 'critical', 'unknown'] as const;
const DRIFTS = ['stable', 'warning', 'drift', undefined] as const;

/** Many models, for the rendering benchmark and for trying the filters and paging in the dev app. */
export function generatePortfolioItems(size: number): PortfolioItem[] {
  const items: PortfolioItem[] = [];
  for (let i = 0; i < size; i++) {
    const name = `model-${String(i).padStart(4, '0')}`;
    items.push({
      entityRef: `resource:default/${name}`,
      title: `Model ${i}`,
      owner: `group:default/team-${i % 7}`,
      workspace: ['dev', 'acc', 'prd'][i % 3],
      ucModel: `fmlops_demo.bulk.${name.replace('-', '_')}`,
      servingEndpoint: name,
      health: HEALTHS[i % HEALTHS.length],
      healthReasons: [],
      endpointReady: i % 11 === 0 ? 'NOT_READY' : 'READY',
      configUpdate: 'NOT_UPDATING',
      servedVersions:
        i % 5 === 0 ? [`${i % 9}`, `${(i % 9) + 1}`] : [`${i % 9}`],
      driftStatus: DRIFTS[i % DRIFTS.length],
      maxPsi: (i % 30) / 100,
    });
  }
  return items;
}
