import type { PortfolioItem } from '../model/types';
import {
  byAttention,
  filterPortfolio,
  portfolioFacets,
  portfolioPage,
} from './query';

const item = (
  name: string,
  overrides: Partial<PortfolioItem> = {},
): PortfolioItem => ({
  entityRef: `resource:default/${name}`,
  workspace: 'dev',
  ucModel: `fmlops_demo.x.${name.replace(/-/g, '_')}`,
  servingEndpoint: name,
  health: 'healthy',
  healthReasons: [],
  servedVersions: ['1'],
  owner: 'group:default/fraud-ml',
  driftStatus: 'stable',
  ...overrides,
});

const items = [
  item('card-fraud-detector'),
  item('trade-anomaly-detector', {
    health: 'warning',
    driftStatus: 'drift',
    owner: 'group:default/markets-ml',
  }),
  item('wire-fraud-detector', { health: 'critical', workspace: 'prd' }),
  item('no-drift', { driftStatus: undefined }),
];

const names = (list: PortfolioItem[]) =>
  list.map(i => i.entityRef.split('/')[1]);

describe('filterPortfolio', () => {
  it('combines health, drift, workspace and owner', () => {
    expect(
      names(filterPortfolio(items, { health: ['warning', 'critical'] })),
    ).toEqual(['trade-anomaly-detector', 'wire-fraud-detector']);
    expect(names(filterPortfolio(items, { drift: ['none'] }))).toEqual([
      'no-drift',
    ]);
    expect(names(filterPortfolio(items, { workspace: 'prd' }))).toEqual([
      'wire-fraud-detector',
    ]);
    expect(
      names(filterPortfolio(items, { owner: 'group:default/markets-ml' })),
    ).toEqual(['trade-anomaly-detector']);
  });

  it('searches every word across name, model and owner', () => {
    expect(names(filterPortfolio(items, { search: 'FRAUD wire' }))).toEqual([
      'wire-fraud-detector',
    ]);
    expect(names(filterPortfolio(items, { search: 'markets-ml' }))).toEqual([
      'trade-anomaly-detector',
    ]);
  });
});

describe('portfolio helpers', () => {
  it('lists distinct workspaces and owners', () => {
    expect(portfolioFacets(items)).toEqual({
      workspaces: ['dev', 'prd'],
      owners: ['group:default/fraud-ml', 'group:default/markets-ml'],
    });
  });

  it('puts the worst health first', () => {
    expect(names([...items].sort(byAttention))).toEqual([
      'wire-fraud-detector',
      'trade-anomaly-detector',
      'card-fraud-detector',
      'no-drift',
    ]);
  });
});

describe('portfolioPage', () => {
  it('pages the filtered models in attention order, counting over every model', () => {
    const first = portfolioPage(items, { limit: 2 });
    expect(names(first.items)).toEqual([
      'wire-fraud-detector',
      'trade-anomaly-detector',
    ]);
    expect(first.total).toBe(4);
    const second = portfolioPage(items, { offset: 2, limit: 2 });
    expect(names(second.items)).toEqual(['card-fraud-detector', 'no-drift']);

    const fraud = portfolioPage(items, { search: 'fraud detector', limit: 1 });
    expect(names(fraud.items)).toEqual(['wire-fraud-detector']);
    expect(fraud.total).toBe(2);
    // the chips and menus still show the whole portfolio
    expect(fraud.counts).toEqual({
      critical: 1,
      warning: 1,
      unknown: 0,
      healthy: 2,
    });
    expect(fraud.facets.workspaces).toEqual(['dev', 'prd']);
  });

  it('gives an empty page past the end and every model without a limit', () => {
    expect(portfolioPage(items, { offset: 10, limit: 5 })).toMatchObject({
      items: [],
      total: 4,
    });
    expect(portfolioPage(items, {}).items).toHaveLength(4);
  });
});
