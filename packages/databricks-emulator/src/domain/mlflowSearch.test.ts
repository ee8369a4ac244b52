import type { ml } from '@databricks/sdk-experimental';
import { ApiError } from './errors';
import { matches, parseFilter, sortRuns } from './mlflowSearch';

function run(
  id: string,
  opts: {
    prAuc?: number;
    algorithm?: string;
    winner?: string;
    status?: ml.RunInfoStatus;
    start: number;
    name?: string;
  },
): ml.Run {
  return {
    info: {
      run_id: id,
      run_name: opts.name ?? id,
      status: opts.status ?? 'FINISHED',
      start_time: opts.start,
    },
    data: {
      metrics:
        opts.prAuc === undefined ? [] : [{ key: 'pr_auc', value: opts.prAuc }],
      params: opts.algorithm
        ? [{ key: 'algorithm', value: opts.algorithm }]
        : [],
      tags: opts.winner ? [{ key: 'fmlops.winner', value: opts.winner }] : [],
    },
  };
}

const runs = [
  run('a', { prAuc: 0.81, algorithm: 'xgboost', winner: 'true', start: 10 }),
  run('b', { prAuc: 0.77, algorithm: 'lightgbm', winner: 'false', start: 20 }),
  run('c', {
    prAuc: 0.55,
    algorithm: 'isolation_forest',
    winner: 'false',
    start: 30,
    status: 'FAILED',
  }),
  run('d', { algorithm: 'random_forest', start: 40, name: 'rf-nightly' }),
];

const ids = (filter: string) =>
  runs.filter(r => matches(r, parseFilter(filter))).map(r => r.info!.run_id);

function parseError(filter: string): ApiError {
  try {
    parseFilter(filter);
  } catch (e) {
    return e as ApiError;
  }
  throw new Error(`expected '${filter}' to be refused`);
}

describe('parseFilter', () => {
  it('parses comparisons joined by AND, with entity aliases and quoted keys', () => {
    expect(
      parseFilter(
        'metrics.pr_auc >= 0.8 and param.algorithm = \'xgboost\' AND tags.`fmlops.winner` != "false"',
      ),
    ).toEqual([
      { entity: 'metrics', key: 'pr_auc', op: '>=', value: 0.8 },
      { entity: 'params', key: 'algorithm', op: '=', value: 'xgboost' },
      { entity: 'tags', key: 'fmlops.winner', op: '!=', value: 'false' },
    ]);
  });

  it('parses IN and NOT IN lists and bare attribute names', () => {
    expect(
      parseFilter(
        "params.algorithm IN ('xgboost', 'lightgbm') AND status NOT IN ('FAILED')",
      ),
    ).toEqual([
      {
        entity: 'params',
        key: 'algorithm',
        op: 'IN',
        value: ['xgboost', 'lightgbm'],
      },
      { entity: 'attributes', key: 'status', op: 'NOT IN', value: ['FAILED'] },
    ]);
  });

  it('treats an empty filter as no condition', () => {
    expect(parseFilter(undefined)).toEqual([]);
    expect(parseFilter('   ')).toEqual([]);
  });

  it.each([
    [
      'metrics.pr_auc >> 0.8',
      /expected a number or a quoted string at position 16/,
    ],
    ["metrics.pr_auc > 'high'", /metrics compare with numbers/],
    ['params.algorithm = xgboost', /expected a number or a quoted string/],
    ['params.depth = 3', /params compare with quoted strings/],
    ['pr_auc > 0.8', /'pr_auc' needs a prefix/],
    ["runs.x = 'y'", /unknown entity type 'runs'/],
    [
      "params.a = 'x' OR params.b = 'y'",
      /expected AND or the end of the filter at position 15/,
    ],
    ["params.algorithm IN ('xgboost'", /expected \)/],
    ["params.algorithm = 'xgboost", /unterminated string/],
  ])('refuses %s with 400 and the position', (filter, message) => {
    const error = parseError(filter);
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(message);
  });
});

describe('matches', () => {
  it('compares metrics numerically and params, tags, attributes as strings', () => {
    expect(ids('metrics.pr_auc > 0.6')).toEqual(['a', 'b']);
    expect(ids('metrics.pr_auc <= 0.77')).toEqual(['b', 'c']);
    expect(ids("params.algorithm = 'xgboost'")).toEqual(['a']);
    expect(ids("tags.`fmlops.winner` = 'true'")).toEqual(['a']);
    expect(ids("attributes.status = 'FAILED'")).toEqual(['c']);
    expect(ids('attributes.start_time >= 30')).toEqual(['c', 'd']);
  });

  it('never matches a run that lacks the key, as MLflow does', () => {
    expect(ids('metrics.pr_auc != 0.81')).toEqual(['b', 'c']);
    expect(ids("tags.`fmlops.winner` NOT IN ('true')")).toEqual(['b', 'c']);
  });

  it('supports LIKE, ILIKE and IN', () => {
    expect(ids("params.algorithm LIKE '%forest'")).toEqual(['c', 'd']);
    expect(ids("attributes.run_name LIKE 'rf-%'")).toEqual(['d']);
    expect(ids("params.algorithm LIKE 'XGB%'")).toEqual([]);
    expect(ids("params.algorithm ILIKE 'XGB%'")).toEqual(['a']);
    expect(ids("params.algorithm IN ('lightgbm', 'random_forest')")).toEqual([
      'b',
      'd',
    ]);
  });

  it('needs every AND clause to hold', () => {
    expect(
      ids("metrics.pr_auc > 0.5 AND attributes.status != 'FAILED'"),
    ).toEqual(['a', 'b']);
  });
});

describe('sortRuns', () => {
  const order = (orderBy?: string[]) =>
    sortRuns(runs, orderBy).map(r => r.info!.run_id);

  it('orders by a metric, runs without it last', () => {
    expect(order(['metrics.pr_auc DESC'])).toEqual(['a', 'b', 'c', 'd']);
    expect(order(['metrics.pr_auc ASC'])).toEqual(['c', 'b', 'a', 'd']);
  });

  it('orders by attributes, and by newest start time by default', () => {
    expect(order(['attributes.start_time'])).toEqual(['a', 'b', 'c', 'd']);
    expect(order(['start_time DESC'])).toEqual(['d', 'c', 'b', 'a']);
    expect(order()).toEqual(['d', 'c', 'b', 'a']);
  });

  it('refuses an order_by it cannot read', () => {
    expect(() => order(['metrics.pr_auc SIDEWAYS'])).toThrow(
      /Invalid order_by clause/,
    );
  });
});
