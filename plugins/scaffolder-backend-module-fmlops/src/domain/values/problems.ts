/**
 * One thing wrong with the form values, for the field a user would correct.
 *
 * @public
 */
export interface ValueProblem {
  /** dotted path of the form field, e.g. `gate.minPrAuc` or `finnhubSymbols.2` */
  field: string;
  message: string;
}

/** The problems as one message, one field a line. */
export function formatProblems(problems: readonly ValueProblem[]): string {
  return problems.map(p => `- ${p.field}: ${p.message}`).join('\n');
}

/** A value of any type, as a message shows it: `a list`, `number 5`, `string "yes"`. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Shows line breaks and other invisible characters of a value quoted in a message. */
export function printable(text: string): string {
  const shown = JSON.stringify(text).slice(1, -1);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
