import type { ValueProblem } from './problems';

/** The form values by dotted field path. */
export interface FieldValues {
  /** the value given for a field, undefined when it was left empty */
  given(field: string): unknown;
  /** the value, only when it (and whatever it contains) passed the per-field rules */
  valid(field: string): unknown;
}

export function readFieldValues(
  values: Record<string, unknown>,
  fieldProblems: readonly ValueProblem[],
): FieldValues {
  const given = (field: string): unknown => {
    let current: unknown = values;
    for (const key of field.split('.')) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
  const related = (a: string, b: string) =>
    a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  return {
    given,
    valid: field =>
      fieldProblems.some(p => related(p.field, field))
        ? undefined
        : given(field),
  };
}

/**
 * The values without fields left empty: the form leaves a cleared field as `''` or null, and
 * such a field counts as not given (required ones are reported as such).
 */
export function withoutEmptyFields(
  values: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== '' && value !== null)
      .map(([key, value]) => [
        key,
        typeof value === 'object' && !Array.isArray(value)
          ? withoutEmptyFields(value as Record<string, unknown>)
          : value,
      ]),
  );
}
