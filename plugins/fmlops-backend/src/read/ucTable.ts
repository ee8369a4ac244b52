/** Unity Catalog table names: three dot-separated identifiers. */
export const UC_TABLE =
  /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/** A table name as a quoted SQL identifier; anything else is refused (no SQL from annotations). */
export function quoteTable(name: string): string {
  if (!UC_TABLE.test(name)) {
    throw new Error(
      `${name} is not a Unity Catalog table name (catalog.schema.table)`,
    );
  }
  return name
    .split('.')
    .map(p => `\`${p}\``)
    .join('.');
}
