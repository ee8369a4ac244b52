import Database from 'better-sqlite3';

/**
 * The SQL warehouse's engine: SQLite (in memory) running the statements as written. Only what the
 * two dialects spell differently is translated, with a tokenizer that leaves string literals
 * alone: Unity Catalog three-part names and `backtick` quoting become SQLite quoted identifiers,
 * and `current_timestamp()` the current emulated time. Values are stored as Databricks would
 * return them (timestamps as ISO 8601 strings), so results look like the real API's.
 */

export type DatabricksType =
  | 'STRING'
  | 'DOUBLE'
  | 'LONG'
  | 'INT'
  | 'TIMESTAMP'
  | 'BOOLEAN';

export interface ColumnDef {
  name: string;
  type: DatabricksType;
}

export interface QueryResult {
  columns: Array<{ name: string; type_name: DatabricksType; position: number }>;
  rows: Array<Array<string | null>>;
}

export class SqlError extends Error {
  constructor(readonly errorClass: string, message: string) {
    super(message);
  }
}

type Token = {
  kind: 'string' | 'ident' | 'quoted' | 'number' | 'space' | 'punct';
  text: string;
  /** where the token starts in the statement, for error messages */
  at: number;
};

/** Splits Databricks SQL into tokens; string literals and quoted names stay whole, comments go. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const at = i;
    if (c === "'" || c === '"') {
      // '' (or "") inside a literal is an escaped quote
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) {
          throw new SqlError(
            'PARSE_SYNTAX_ERROR',
            `[PARSE_SYNTAX_ERROR] Unterminated string literal at position ${at}.`,
          );
        }
        if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j += 1;
      }
      tokens.push({ kind: 'string', text: sql.slice(i, j + 1), at });
      i = j + 1;
    } else if (c === '`') {
      const j = sql.indexOf('`', i + 1);
      if (j < 0)
        throw new SqlError(
          'PARSE_SYNTAX_ERROR',
          `[PARSE_SYNTAX_ERROR] Unterminated quoted identifier at position ${at}.`,
        );
      tokens.push({ kind: 'quoted', text: sql.slice(i + 1, j), at });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      tokens.push({ kind: 'ident', text: sql.slice(i, j), at });
      i = j;
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d*)?([eE][-+]?\d+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], at });
      i += m[0].length;
    } else if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j])) j++;
      tokens.push({ kind: 'space', text: sql.slice(i, j), at });
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? sql.length : j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      i = j < 0 ? sql.length : j + 2;
    } else {
      tokens.push({ kind: 'punct', text: c, at });
      i += 1;
    }
  }
  return tokens;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const unquoteString = (literal: string) =>
  literal.slice(1, -1).replace(literal[0] === "'" ? /''/g : /""/g, literal[0]);

const INTERVAL_MS: Record<string, number> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 7 * 86_400_000,
};

/** Databricks type names in CAST(... AS type), as SQLite understands them. */
const CAST_TYPES: Record<string, string> = {
  TIMESTAMP: 'TEXT',
  DATE: 'TEXT',
  STRING: 'TEXT',
  VARCHAR: 'TEXT',
  DOUBLE: 'REAL',
  FLOAT: 'REAL',
  DECIMAL: 'REAL',
  BIGINT: 'INTEGER',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  LONG: 'INTEGER',
  SMALLINT: 'INTEGER',
  TINYINT: 'INTEGER',
  BOOLEAN: 'INTEGER',
};

/**
 * Databricks SQL → SQLite. Only what the dialects spell differently changes: Unity Catalog
 * three-part names and backtick quoting become quoted identifiers; `current_timestamp()`,
 * `now()`, `current_date()` and `TIMESTAMP '...'` literals become ISO 8601 strings (how the
 * tables store time), with `± INTERVAL n UNIT` folded in; CAST types get SQLite's names.
 */
export function translate(sql: string, now: () => string): string {
  const tokens = tokenize(sql);
  const out: string[] = [];
  let depth = 0;
  const castDepths: number[] = [];
  /** index of the next token that is not white space, from i */
  const next = (i: number) => {
    let j = i;
    while (tokens[j]?.kind === 'space') j++;
    return j;
  };
  const isName = (t: Token | undefined) =>
    t !== undefined && (t.kind === 'ident' || t.kind === 'quoted');
  const word = (t: Token | undefined) =>
    t?.kind === 'ident' ? t.text.toUpperCase() : undefined;

  /** Folds `± INTERVAL n UNIT` after a timestamp at token i; returns the ms and the last token used. */
  const interval = (i: number): { ms: number; last: number } | undefined => {
    const sign = tokens[next(i)];
    if (sign?.text !== '-' && sign?.text !== '+') return undefined;
    const kw = next(next(i) + 1);
    if (word(tokens[kw]) !== 'INTERVAL') return undefined;
    const amountAt = next(kw + 1);
    const amountToken = tokens[amountAt];
    let amount = NaN;
    if (amountToken?.kind === 'number') amount = Number(amountToken.text);
    else if (amountToken?.kind === 'string')
      amount = Number(unquoteString(amountToken.text));
    const unitAt = next(amountAt + 1);
    const unit = word(tokens[unitAt])?.replace(/S$/, '');
    if (!Number.isFinite(amount) || !unit || !INTERVAL_MS[unit]) {
      throw new SqlError(
        'PARSE_SYNTAX_ERROR',
        `[PARSE_SYNTAX_ERROR] The local workspace understands INTERVAL <n> SECOND|MINUTE|HOUR|DAY|WEEK (at position ${tokens[kw].at}).`,
      );
    }
    return {
      ms: (sign.text === '-' ? -1 : 1) * amount * INTERVAL_MS[unit],
      last: unitAt,
    };
  };
  const timestampLiteral = (ms: number, i: number) => {
    let at = ms;
    let last = i;
    for (let fold = interval(last + 1); fold; fold = interval(last + 1)) {
      at += fold.ms;
      last = fold.last;
    }
    out.push(quoteString(new Date(at).toISOString()));
    return last;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const upper = word(t);
    // catalog.schema.table
    if (
      isName(t) &&
      tokens[i + 1]?.text === '.' &&
      isName(tokens[i + 2]) &&
      tokens[i + 3]?.text === '.' &&
      isName(tokens[i + 4])
    ) {
      out.push(
        quoteIdent(
          `${t.text}.${tokens[i + 2].text}.${tokens[i + 4].text}`.toLowerCase(),
        ),
      );
      i += 4;
      continue;
    }
    const call = tokens[next(i + 1)]?.text === '(';
    const emptyCall = call && tokens[next(next(i + 1) + 1)]?.text === ')';
    if (
      (upper === 'CURRENT_TIMESTAMP' || upper === 'NOW') &&
      (emptyCall || (upper === 'CURRENT_TIMESTAMP' && !call))
    ) {
      const last = emptyCall ? next(next(i + 1) + 1) : i;
      i = timestampLiteral(Date.parse(now()), last);
      continue;
    }
    if (upper === 'CURRENT_DATE' && (emptyCall || !call)) {
      out.push(quoteString(now().slice(0, 10)));
      if (emptyCall) i = next(next(i + 1) + 1);
      continue;
    }
    if (upper === 'TIMESTAMP' && tokens[next(i + 1)]?.kind === 'string') {
      const literalAt = next(i + 1);
      const text = unquoteString(tokens[literalAt].text);
      const ms = Date.parse(
        /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`,
      );
      if (Number.isNaN(ms)) {
        throw new SqlError(
          'INVALID_TYPED_LITERAL',
          `[INVALID_TYPED_LITERAL] The value of the typed literal "TIMESTAMP" is invalid: '${text}'.`,
        );
      }
      i = timestampLiteral(ms, literalAt);
      continue;
    }
    if (upper === 'CAST' && call) {
      castDepths.push(depth + 1);
    }
    if (t.text === '(') depth += 1;
    if (t.text === ')') {
      if (castDepths[castDepths.length - 1] === depth) castDepths.pop();
      depth -= 1;
    }
    if (
      upper === 'AS' &&
      castDepths[castDepths.length - 1] === depth &&
      CAST_TYPES[word(tokens[next(i + 1)]) ?? '']
    ) {
      const typeAt = next(i + 1);
      out.push(`AS ${CAST_TYPES[word(tokens[typeAt])!]}`);
      i = typeAt;
      continue;
    }
    if (t.kind === 'quoted') out.push(quoteIdent(t.text));
    // Databricks reads "..." as a string literal; SQLite would try a column first
    else if (t.kind === 'string' && t.text[0] === '"')
      out.push(quoteString(unquoteString(t.text)));
    else out.push(t.text);
  }
  return nestLongCompound(out.join(''));
}

/** SQLite's compile-time cap on the terms of one compound SELECT; Databricks has none. */
const SQLITE_COMPOUND_LIMIT = 500;
const COMPOUND_GROUP = 250;

/**
 * A portfolio query reads hundreds of tables in one `UNION ALL` chain; SQLite refuses more than
 * 500 terms in one compound SELECT. Nesting groups of terms in subqueries keeps the meaning (for
 * a chain of only UNION ALL, or only UNION) and stays within the cap; a trailing ORDER BY or
 * LIMIT moves to the outside, where it applied.
 */
export function nestLongCompound(sql: string): string {
  const tokens = tokenize(sql);
  let depth = 0;
  const cuts: Array<{ start: number; end: number; op: string }> = [];
  let tailAt: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth += 1;
    else if (t.text === ')') depth -= 1;
    const upper = t.kind === 'ident' ? t.text.toUpperCase() : undefined;
    if (depth !== 0 || !upper) continue;
    if (upper === 'UNION' || upper === 'INTERSECT' || upper === 'EXCEPT') {
      let j = i + 1;
      while (tokens[j]?.kind === 'space') j++;
      const all =
        tokens[j]?.kind === 'ident' && tokens[j].text.toUpperCase() === 'ALL';
      const end = all ? j + 1 : i + 1;
      cuts.push({ start: i, end, op: all ? `${upper} ALL` : upper });
      tailAt = undefined;
      i = end - 1;
    } else if (
      (upper === 'ORDER' || upper === 'LIMIT') &&
      tailAt === undefined
    ) {
      tailAt = i;
    }
  }
  if (cuts.length < SQLITE_COMPOUND_LIMIT) return sql;
  const ops = new Set(cuts.map(c => c.op));
  if (ops.size !== 1 || !(ops.has('UNION ALL') || ops.has('UNION'))) return sql;
  const text = (from: number, to: number) =>
    tokens
      .slice(from, to)
      .map(t => t.text)
      .join('');
  const end = tailAt ?? tokens.length;
  const terms: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    terms.push(text(from, cut.start));
    from = cut.end;
  }
  terms.push(text(from, end));
  const op = ` ${cuts[0].op} `;
  const groups: string[] = [];
  for (let g = 0; g < terms.length; g += COMPOUND_GROUP) {
    groups.push(
      `SELECT * FROM (${terms.slice(g, g + COMPOUND_GROUP).join(op)})`,
    );
  }
  const tail = tailAt === undefined ? '' : ` ${text(tailAt, tokens.length)}`;
  return `${groups.join(op)}${tail}`;
}

const SQLITE_TYPE: Record<DatabricksType, string> = {
  STRING: 'TEXT',
  DOUBLE: 'REAL',
  LONG: 'INTEGER',
  INT: 'INTEGER',
  TIMESTAMP: 'TIMESTAMP',
  BOOLEAN: 'BOOLEAN',
};

const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The SQL spelling of a column type, as `type_text` reports it. */
export function typeText(type: DatabricksType): string {
  return type === 'LONG' ? 'BIGINT' : type;
}

/** One table's definition and rows, as the state file keeps it. */
export interface TableSnapshot {
  name: string;
  columns: ColumnDef[];
  rows: Array<Record<string, unknown>>;
}

function toDatabricksType(
  declared: string | null,
  sample: unknown,
): DatabricksType {
  const d = (declared ?? '').toUpperCase();
  if (d === 'TIMESTAMP') return 'TIMESTAMP';
  if (d === 'TEXT') return 'STRING';
  if (d === 'REAL') return 'DOUBLE';
  if (d === 'INTEGER') return 'LONG';
  if (d === 'BOOLEAN') return 'BOOLEAN';
  if (typeof sample === 'number')
    return Number.isInteger(sample) ? 'LONG' : 'DOUBLE';
  if (typeof sample === 'bigint') return 'LONG';
  if (typeof sample === 'string' && ISO_TIMESTAMP.test(sample))
    return 'TIMESTAMP';
  return 'STRING';
}

export class SqlEngine {
  private readonly db = new Database(':memory:');
  private readonly definitions = new Map<string, ColumnDef[]>();

  constructor(private readonly now: () => number) {}

  createTable(name: string, columns: ColumnDef[]): void {
    this.definitions.set(name.toLowerCase(), columns);
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(name.toLowerCase())} (${columns
        .map(c => `${quoteIdent(c.name)} ${SQLITE_TYPE[c.type]}`)
        .join(', ')})`,
    );
  }

  insert(name: string, rows: Array<Record<string, unknown>>): void {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]);
    const stmt = this.db.prepare(
      `INSERT INTO ${quoteIdent(name.toLowerCase())} (${cols
        .map(quoteIdent)
        .join(', ')}) VALUES (${cols.map(c => `@${c}`).join(', ')})`,
    );
    const many = this.db.transaction(
      (batch: Array<Record<string, unknown>>) => {
        for (const row of batch) stmt.run(row);
      },
    );
    many(rows);
  }

  tables(): string[] {
    return (
      this.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all() as Array<{ name: string }>
    ).map(r => r.name);
  }

  /** Every table with its rows, for the state file. */
  snapshot(): TableSnapshot[] {
    return [...this.definitions].map(([name, columns]) => ({
      name,
      columns,
      rows: this.db.prepare(`SELECT * FROM ${quoteIdent(name)}`).all() as Array<
        Record<string, unknown>
      >,
    }));
  }

  /** Replaces every table by the snapshot's. */
  restore(tables: TableSnapshot[]): void {
    this.clear();
    for (const t of tables) {
      this.createTable(t.name, t.columns);
      this.insert(t.name, t.rows);
    }
  }

  /** Drops every table. */
  clear(): void {
    for (const name of this.definitions.keys()) {
      this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    }
    this.definitions.clear();
  }

  /**
   * Runs one statement with Databricks named parameters (`:name`), typed as the API types them.
   * Errors carry Databricks' error classes (TABLE_OR_VIEW_NOT_FOUND, PARSE_SYNTAX_ERROR, ...).
   */
  execute(
    statement: string,
    parameters: Array<{
      name: string;
      value?: string | null;
      type?: string;
    }> = [],
  ): QueryResult {
    const sql = translate(statement, () => new Date(this.now()).toISOString());
    const bound: Record<string, unknown> = {};
    for (const p of parameters) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name ?? '')) {
        throw new SqlError(
          'INVALID_PARAMETER_MARKER_VALUE',
          `invalid parameter name ${p.name}`,
        );
      }
      bound[p.name] = convertParameter(
        p.value ?? null,
        (p.type ?? 'STRING').toUpperCase(),
      );
    }
    let stmt: Database.Statement;
    try {
      stmt = this.db.prepare(sql);
    } catch (e) {
      const message = (e as Error).message;
      const table = /no such table: (.+)$/.exec(message);
      if (table) {
        throw new SqlError(
          'TABLE_OR_VIEW_NOT_FOUND',
          `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${table[1].replace(
            /"/g,
            '',
          )}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
        );
      }
      const column = /no such column: (.+)$/.exec(message);
      if (column) {
        throw new SqlError(
          'UNRESOLVED_COLUMN',
          `[UNRESOLVED_COLUMN] A column with name \`${column[1]}\` cannot be resolved.`,
        );
      }
      throw new SqlError(
        'PARSE_SYNTAX_ERROR',
        `[PARSE_SYNTAX_ERROR] ${message}`,
      );
    }
    if (!stmt.reader) {
      throw new SqlError(
        'NOT_SUPPORTED',
        'The local workspace runs queries only (SELECT / WITH).',
      );
    }
    let rows: unknown[][];
    try {
      rows = stmt.raw(true).all(bound) as unknown[][];
    } catch (e) {
      const message = (e as Error).message;
      if (/Missing named parameter/i.test(message)) {
        throw new SqlError(
          'UNBOUND_SQL_PARAMETER',
          `[UNBOUND_SQL_PARAMETER] ${message}`,
        );
      }
      throw new SqlError('INTERNAL_ERROR', message);
    }
    const columns = stmt.columns().map((c, i) => ({
      name: c.name,
      type_name: toDatabricksType(c.type, rows.find(r => r[i] !== null)?.[i]),
      position: i,
    }));
    return {
      columns,
      rows: rows.map(r =>
        r.map(v => (v === null || v === undefined ? null : String(v))),
      ),
    };
  }
}

function convertParameter(value: string | null, type: string): unknown {
  if (value === null) return null;
  switch (type) {
    case 'INT':
    case 'BIGINT':
    case 'LONG':
    case 'SMALLINT':
    case 'TINYINT': {
      const n = Number(value);
      if (!Number.isInteger(n))
        throw new SqlError(
          'INVALID_PARAMETER_MARKER_VALUE',
          `${value} is not an ${type}`,
        );
      return n;
    }
    case 'DOUBLE':
    case 'FLOAT':
    case 'DECIMAL': {
      const n = Number(value);
      if (Number.isNaN(n))
        throw new SqlError(
          'INVALID_PARAMETER_MARKER_VALUE',
          `${value} is not a ${type}`,
        );
      return n;
    }
    case 'TIMESTAMP':
    case 'DATE': {
      const ms = Date.parse(value);
      if (Number.isNaN(ms))
        throw new SqlError(
          'INVALID_PARAMETER_MARKER_VALUE',
          `${value} is not a ${type}`,
        );
      return new Date(ms).toISOString();
    }
    case 'BOOLEAN':
      return value === 'true' ? 1 : 0;
    default:
      return value;
  }
}
