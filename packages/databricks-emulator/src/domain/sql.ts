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

type Token = { kind: 'string' | 'ident' | 'quoted' | 'other'; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) {
        j += sql[j] === c ? 2 : 1;
      }
      tokens.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '`') {
      const j = sql.indexOf('`', i + 1);
      if (j < 0)
        throw new SqlError(
          'PARSE_SYNTAX_ERROR',
          `unterminated identifier at position ${i}`,
        );
      tokens.push({ kind: 'quoted', text: sql.slice(i + 1, j) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      tokens.push({ kind: 'ident', text: sql.slice(i, j) });
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? sql.length : j;
    } else {
      tokens.push({ kind: 'other', text: c });
      i += 1;
    }
  }
  return tokens;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Databricks SQL → SQLite: three-part names, backticks, current_timestamp(). */
export function translate(sql: string, now: () => string): string {
  const tokens = tokenize(sql);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const isName = (k: Token | undefined) =>
      k && (k.kind === 'ident' || k.kind === 'quoted');
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
    if (
      t.kind === 'ident' &&
      t.text.toLowerCase() === 'current_timestamp' &&
      tokens[i + 1]?.text === '(' &&
      tokens[i + 2]?.text === ')'
    ) {
      out.push(`'${now()}'`);
      i += 2;
      continue;
    }
    if (t.kind === 'quoted') {
      out.push(quoteIdent(t.text));
      continue;
    }
    // a parameter marker stays glued to its name; other words keep a separating space
    const marker =
      tokens[i - 1]?.kind === 'other' && /[:@$]/.test(tokens[i - 1].text);
    out.push(
      t.kind === 'other' || t.kind === 'string' || marker
        ? t.text
        : ` ${t.text} `,
    );
  }
  return out.join('');
}

const SQLITE_TYPE: Record<DatabricksType, string> = {
  STRING: 'TEXT',
  DOUBLE: 'REAL',
  LONG: 'INTEGER',
  INT: 'INTEGER',
  TIMESTAMP: 'TIMESTAMP',
  BOOLEAN: 'BOOLEAN',
};

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
  return 'STRING';
}

export class SqlEngine {
  private readonly db = new Database(':memory:');

  constructor(private readonly now: () => number) {}

  createTable(name: string, columns: ColumnDef[]): void {
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

  /** Every row of a table, for state export. */
  dump(name: string): Array<Record<string, unknown>> {
    return this.db.prepare(`SELECT * FROM ${quoteIdent(name)}`).all() as Array<
      Record<string, unknown>
    >;
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
