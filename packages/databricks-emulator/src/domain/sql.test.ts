import { SqlEngine, SqlError, translate } from './sql';

const NOW = '2026-11-20T12:00:00.000Z';
const t = (sql: string) => translate(sql, () => NOW);

describe('translate', () => {
  it('quotes three-part names as one identifier, lower case, backticks included', () => {
    expect(
      t('SELECT psi FROM fmlops_demo.Cards.card_fraud_detector_drift'),
    ).toBe('SELECT psi FROM "fmlops_demo.cards.card_fraud_detector_drift"');
    expect(t('SELECT * FROM `fmlops_demo`.`cards`.`t` AS d')).toBe(
      'SELECT * FROM "fmlops_demo.cards.t" AS d',
    );
  });

  it('leaves string literals and comments alone', () => {
    expect(
      t("SELECT 'a.b.c' AS x, 'it''s' AS y FROM c.s.t -- c.s.u\nWHERE z = 1"),
    ).toBe("SELECT 'a.b.c' AS x, 'it''s' AS y FROM \"c.s.t\" \nWHERE z = 1");
  });

  it('reads double-quoted text as a string literal, as Databricks does', () => {
    expect(t('SELECT * FROM c.s.t WHERE feature = "amount"')).toBe(
      'SELECT * FROM "c.s.t" WHERE feature = \'amount\'',
    );
  });

  it('keeps :name parameter markers', () => {
    expect(t('SELECT * FROM c.s.t WHERE psi > :min AND f = :feature')).toBe(
      'SELECT * FROM "c.s.t" WHERE psi > :min AND f = :feature',
    );
  });

  it('turns current_timestamp(), now() and current_date() into the emulated time', () => {
    expect(t('SELECT current_timestamp(), now(), current_date()')).toBe(
      `SELECT '${NOW}', '${NOW}', '2026-11-20'`,
    );
    expect(t('SELECT CURRENT_TIMESTAMP')).toBe(`SELECT '${NOW}'`);
  });

  it('folds INTERVAL arithmetic on timestamps', () => {
    expect(
      t('SELECT 1 WHERE ts >= current_timestamp() - INTERVAL 7 DAYS'),
    ).toBe("SELECT 1 WHERE ts >= '2026-11-13T12:00:00.000Z'");
    expect(
      t(
        "SELECT TIMESTAMP '2026-11-01 00:00:00' + INTERVAL '90' MINUTES - INTERVAL 1 HOUR",
      ),
    ).toBe("SELECT '2026-11-01T00:30:00.000Z'");
  });

  it('maps CAST types to SQLite, only inside CAST', () => {
    expect(
      t('SELECT CAST(n AS BIGINT) AS total, CAST(x AS DOUBLE) AS d FROM c.s.t'),
    ).toBe(
      'SELECT CAST(n AS INTEGER) AS total, CAST(x AS REAL) AS d FROM "c.s.t"',
    );
  });

  it('refuses what it cannot read with the position', () => {
    expect(() => t("SELECT 'open")).toThrow(
      /Unterminated string literal at position 7/,
    );
    expect(() => t('SELECT now() - INTERVAL 3 FORTNIGHTS')).toThrow(
      /INTERVAL <n> SECOND\|MINUTE/,
    );
    expect(() => t("SELECT TIMESTAMP 'yesterday'")).toThrow(
      /INVALID_TYPED_LITERAL/,
    );
  });
});

describe('SqlEngine', () => {
  let now = Date.parse(NOW);
  let engine: SqlEngine;
  const table = 'fmlops_demo.cards.card_fraud_detector_drift';

  beforeEach(() => {
    now = Date.parse(NOW);
    engine = new SqlEngine(() => now);
    engine.createTable(table, [
      { name: 'window_start', type: 'TIMESTAMP' },
      { name: 'feature', type: 'STRING' },
      { name: 'psi', type: 'DOUBLE' },
      { name: 'current_count', type: 'LONG' },
    ]);
    engine.insert(table, [
      {
        window_start: '2026-11-18T00:00:00.000Z',
        feature: 'amount',
        psi: 0.02,
        current_count: 2000,
      },
      {
        window_start: '2026-11-19T00:00:00.000Z',
        feature: 'amount',
        psi: 0.31,
        current_count: 2000,
      },
      {
        window_start: '2026-11-19T00:00:00.000Z',
        feature: 'country_risk',
        psi: null,
        current_count: 1990,
      },
    ]);
  });

  it('answers typed columns and values as strings, nulls as null', () => {
    const result = engine.execute(
      `SELECT window_start, feature, psi, current_count FROM ${table} ORDER BY window_start, feature`,
    );
    expect(result.columns).toEqual([
      { name: 'window_start', type_name: 'TIMESTAMP', position: 0 },
      { name: 'feature', type_name: 'STRING', position: 1 },
      { name: 'psi', type_name: 'DOUBLE', position: 2 },
      { name: 'current_count', type_name: 'LONG', position: 3 },
    ]);
    expect(result.rows).toEqual([
      ['2026-11-18T00:00:00.000Z', 'amount', '0.02', '2000'],
      ['2026-11-19T00:00:00.000Z', 'amount', '0.31', '2000'],
      ['2026-11-19T00:00:00.000Z', 'country_risk', null, '1990'],
    ]);
  });

  it('binds typed named parameters, timestamps included', () => {
    const result = engine.execute(
      `SELECT feature FROM ${table} WHERE window_start >= :since AND psi > :min`,
      [
        { name: 'since', value: '2026-11-19 00:00:00', type: 'TIMESTAMP' },
        { name: 'min', value: '0.1', type: 'DOUBLE' },
      ],
    );
    expect(result.rows).toEqual([['amount']]);
  });

  it('filters on the emulated clock', () => {
    const sql = `SELECT COUNT(*) AS n FROM ${table} WHERE window_start >= current_timestamp() - INTERVAL 2 DAYS`;
    expect(engine.execute(sql).rows).toEqual([['2']]);
    now += 2 * 86_400_000;
    expect(engine.execute(sql).rows).toEqual([['0']]);
  });

  it('reports an aggregated timestamp as a TIMESTAMP', () => {
    const result = engine.execute(
      `SELECT MAX(window_start) AS latest FROM ${table}`,
    );
    expect(result.columns[0].type_name).toBe('TIMESTAMP');
    expect(result.rows).toEqual([['2026-11-19T00:00:00.000Z']]);
  });

  it.each([
    [
      'SELECT * FROM fmlops_demo.cards.nope',
      'TABLE_OR_VIEW_NOT_FOUND',
      /`fmlops_demo.cards.nope` cannot be found/,
    ],
    [`SELECT nope FROM ${table}`, 'UNRESOLVED_COLUMN', /`nope`/],
    [`SELEC * FROM ${table}`, 'PARSE_SYNTAX_ERROR', /PARSE_SYNTAX_ERROR/],
    [
      `SELECT * FROM ${table} WHERE psi > :min`,
      'UNBOUND_SQL_PARAMETER',
      /UNBOUND_SQL_PARAMETER/,
    ],
    [`DELETE FROM ${table}`, 'NOT_SUPPORTED', /queries only/],
  ])('fails %s with %s', (sql, errorClass, message) => {
    let error: unknown;
    try {
      engine.execute(sql);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlError);
    expect((error as SqlError).errorClass).toBe(errorClass);
    expect((error as SqlError).message).toMatch(message);
  });

  it('refuses a parameter whose value does not fit its type', () => {
    expect(() =>
      engine.execute(`SELECT * FROM ${table} WHERE psi > :min`, [
        { name: 'min', value: 'high', type: 'DOUBLE' },
      ]),
    ).toThrow(/high is not a DOUBLE/);
  });

  it('restores tables from a snapshot', () => {
    const snapshot = engine.snapshot();
    const other = new SqlEngine(() => now);
    other.restore(snapshot);
    expect(other.execute(`SELECT COUNT(*) FROM ${table}`).rows).toEqual([
      ['3'],
    ]);
    other.clear();
    expect(() => other.execute(`SELECT COUNT(*) FROM ${table}`)).toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
  });
});

describe('long UNION ALL chains', () => {
  it('answers a portfolio query over more tables than SQLite allows in one compound', () => {
    const engine = new SqlEngine(() => Date.parse(NOW));
    const tables = Array.from(
      { length: 620 },
      (_, i) => `c.s.model_${i}_drift`,
    );
    tables.forEach((table, i) => {
      engine.createTable(table, [
        { name: 'feature', type: 'STRING' },
        { name: 'psi', type: 'DOUBLE' },
      ]);
      engine.insert(table, [{ feature: 'amount', psi: i / 1000 }]);
    });
    const statement = `${tables
      .map(table => `SELECT '${table}' AS drift_table, psi FROM ${table}`)
      .join('\nUNION ALL\n')} ORDER BY psi DESC LIMIT 3`;
    const result = engine.execute(statement);
    expect(result.columns.map(c => c.name)).toEqual(['drift_table', 'psi']);
    expect(result.rows).toEqual([
      ['c.s.model_619_drift', '0.619'],
      ['c.s.model_618_drift', '0.618'],
      ['c.s.model_617_drift', '0.617'],
    ]);
  });

  it('leaves short chains as written', () => {
    const sql = 'SELECT 1 AS a UNION ALL SELECT 2 AS a ORDER BY a';
    expect(t(sql)).toBe(sql);
  });
});
