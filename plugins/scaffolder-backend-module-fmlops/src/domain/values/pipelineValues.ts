import {
  crossFieldProblems,
  type PipelineValuesContext,
} from './crossFieldRules';
import { derivedValueProblems } from './derivedValues';
import { fieldCheckProblems } from './fieldChecks';
import { readFieldValues, withoutEmptyFields } from './fieldValues';
import { describe, type ValueProblem } from './problems';
import { schemaProblems } from './schemaRules';
import { formFieldOrder } from './templateValuesSchema';
import templateValuesSchema from './templateValues.schema.json';

const FORM_ORDER = formFieldOrder(templateValuesSchema);

/**
 * Checks the anomaly-detection-pipeline template's form values: each field against the rules of
 * the template's own form schema, then what that schema cannot express (injection through free
 * text, Quartz cron, time zones), the values derived from them, and the rules between fields and
 * with the portal's configuration. Returns every problem found, in the order of the form.
 *
 * @public
 */
export function pipelineValueProblems(
  values: unknown,
  context: PipelineValuesContext,
): ValueProblem[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return [
      {
        field: 'values',
        message: `must be an object, got ${describe(values)}`,
      },
    ];
  }
  const given = withoutEmptyFields(values as Record<string, unknown>);
  const fieldProblems = schemaProblems(given, {
    // the form offers the bundle targets; the portal may serve from any workspace it configures
    enumExtensions: { servingWorkspace: context.configuredWorkspaces },
  });
  const fields = readFieldValues(given, fieldProblems);
  return inFormOrder([
    ...fieldProblems,
    ...fieldCheckProblems(fields),
    ...derivedValueProblems(fields),
    ...crossFieldProblems(fields, context),
  ]);
}

function inFormOrder(problems: ValueProblem[]): ValueProblem[] {
  const rank = (field: string) => {
    const path = field.split('.').filter(part => !/^\d+$/.test(part));
    while (path.length > 0) {
      const index = FORM_ORDER.indexOf(path.join('.'));
      if (index >= 0) return index;
      path.pop();
    }
    return FORM_ORDER.length;
  };
  // a stable sort: the problems of one field keep their order
  return [...problems].sort((a, b) => rank(a.field) - rank(b.field));
}
