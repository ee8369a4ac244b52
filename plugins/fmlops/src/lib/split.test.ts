import { rebalanceSplit, sameSplit, validateSplit } from './split';

const route = (modelVersion: string, trafficPercentage: number) => ({
  modelVersion,
  trafficPercentage,
});

const total = (routes: { trafficPercentage: number }[]) =>
  routes.reduce((s, r) => s + r.trafficPercentage, 0);

describe('rebalanceSplit', () => {
  it('gives the other route what one route gives up', () => {
    expect(rebalanceSplit([route('3', 90), route('4', 10)], 1, 25)).toEqual([
      route('3', 75),
      route('4', 25),
    ]);
  });

  it('keeps three routes at 100, taking from the last other route first', () => {
    const next = rebalanceSplit(
      [route('1', 20), route('2', 30), route('3', 50)],
      0,
      90,
    );
    expect(next).toEqual([route('1', 90), route('2', 10), route('3', 0)]);
    expect(total(next)).toBe(100);
  });

  it('clamps and rounds the moved value', () => {
    expect(rebalanceSplit([route('1', 50), route('2', 50)], 0, 140.2)).toEqual([
      route('1', 100),
      route('2', 0),
    ]);
    expect(rebalanceSplit([route('1', 50), route('2', 50)], 0, 33.6)).toEqual([
      route('1', 34),
      route('2', 66),
    ]);
  });

  it('leaves the routes alone for an unknown index', () => {
    const routes = [route('1', 50), route('2', 50)];
    expect(rebalanceSplit(routes, 5, 10)).toBe(routes);
  });
});

describe('validateSplit', () => {
  it('accepts whole percentages that sum to 100', () => {
    expect(validateSplit([route('1', 60), route('2', 40)])).toEqual([]);
  });

  it('names the total when it is not 100', () => {
    expect(validateSplit([route('1', 60), route('2', 30)])).toEqual([
      'The routes sum to 90 %, not 100 %.',
    ]);
  });

  it('refuses duplicates, fractions and empty splits', () => {
    expect(validateSplit([])).toEqual(['Add at least one route.']);
    expect(validateSplit([route('1', 50), route('1', 50)])).toContain(
      'Version 1 appears twice.',
    );
    expect(validateSplit([route('1', 50.5), route('2', 49.5)])).toContain(
      'Version 1: traffic must be a whole number from 0 to 100.',
    );
  });
});

describe('sameSplit', () => {
  it('ignores the order of routes', () => {
    expect(
      sameSplit(
        [route('1', 90), route('2', 10)],
        [route('2', 10), route('1', 90)],
      ),
    ).toBe(true);
    expect(sameSplit([route('1', 90)], [route('1', 80)])).toBe(false);
  });
});
