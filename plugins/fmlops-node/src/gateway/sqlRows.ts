import type { sql } from '@databricks/sdk-experimental';

/**
 * A SQL value as the gateway returns it: JSON-friendly, numbers as numbers.
 *
 * @public
 */
export type SqlValue = string | number | boolean | null;

/** @public */
export type SqlRow = Record<string, SqlValue>;

const FLOATING = new Set(['FLOAT', 'DOUBLE', 'DECIMAL']);
const INTEGRAL = new Set(['BYTE', 'SHORT', 'INT', 'LONG']);

/**
 * Converts one value of a JSON_ARRAY result (always a string or null) by its column's
 * `type_name`. A LONG beyond 2^53 stays a string rather than losing digits; dates and timestamps
 * stay ISO strings.
 */
export function sqlValue(
  raw: string | null | undefined,
  typeName: string | undefined,
): SqlValue {
  if (raw === null || raw === undefined) {
    return null;
  }
  const type = typeName?.toUpperCase() ?? 'STRING';
  if (FLOATING.has(type)) {
    return Number(raw);
  }
  if (INTEGRAL.has(type)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw;
  }
  if (type === 'BOOLEAN') {
    return raw.toLowerCase() === 'true';
  }
  return raw;
}

/** Rows as objects keyed by column name, values converted by column type. */
export function toRows(
  columns: sql.ColumnInfo[],
  data: Array<Array<string | null>>,
): SqlRow[] {
  return data.map(row => {
    const out: SqlRow = {};
    columns.forEach((column, i) => {
      out[column.name ?? `col${i}`] = sqlValue(
        row[column.position ?? i],
        column.type_name,
      );
    });
    return out;
  });
}
