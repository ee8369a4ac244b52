/**
 * Problems with a Unity Catalog identifier (catalog, schema, model). Databricks accepts more with
 * backticks, but the generated SQL, bundle and Python use them unquoted.
 *
 * @public
 */
export function unityCatalogIdentifierProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 255)
    problems.push(`is ${value.length} characters long; at most 255`);
  if (/^[0-9]/.test(value)) problems.push('must not start with a digit');
  const forbidden: string[] = [];
  if (value.includes('`')) forbidden.push('backticks');
  if (value.includes('.')) forbidden.push('dots');
  if (/['"]/.test(value)) forbidden.push('quotes');
  if (/\s/.test(value)) forbidden.push('spaces');
  if (value.includes('-')) forbidden.push('hyphens');
  if (/[A-Z]/.test(value)) forbidden.push('upper-case letters');
  if (forbidden.length > 0) {
    problems.push(`must not contain ${forbidden.join(', ')}`);
  }
  if (forbidden.length === 0 && !/^[a-z0-9_]*$/.test(value)) {
    problems.push(
      'may only contain lower-case letters, digits and underscores',
    );
  }
  if (value === '') problems.push('is empty');
  return problems;
}
