import type { FieldValues } from './fieldValues';
import type { ValueProblem } from './problems';

// The generated Python package is named after the model: it must not be a keyword.
const PYTHON_KEYWORDS = new Set([
  'false',
  'none',
  'true',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** The Python package and Unity Catalog model name the template derives from the name. */
export const packageNameOf = (name: string) => name.replace(/-/g, '_');

/** Values the template derives from the form's fields must be valid where they end up. */
export function derivedValueProblems(values: FieldValues): ValueProblem[] {
  const name = values.valid('name');
  if (typeof name === 'string' && PYTHON_KEYWORDS.has(packageNameOf(name))) {
    return [
      {
        field: 'name',
        message: `"${name}" is a Python keyword and cannot name the Python package`,
      },
    ];
  }
  return [];
}
