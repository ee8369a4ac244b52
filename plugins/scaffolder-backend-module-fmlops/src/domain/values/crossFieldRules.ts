import type { FieldValues } from './fieldValues';
import type { ValueProblem } from './problems';

/** @public */
export interface PipelineValuesContext {
  /** workspace aliases configured in the portal (`fmlops.workspaces`) */
  configuredWorkspaces: readonly string[];
}

/**
 * Rules between fields, and between the values and the portal: threshold ordering, fields required
 * by another's value, canary steps that end in a full roll-out, and a serving workspace the portal
 * can reach. Each runs only on fields that passed their own rules.
 */
export function crossFieldProblems(
  values: FieldValues,
  context: PipelineValuesContext,
): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, message });

  const psiWarning = values.valid('drift.psiWarning');
  const psiDrift = values.valid('drift.psiDrift');
  if (
    typeof psiWarning === 'number' &&
    typeof psiDrift === 'number' &&
    psiWarning >= psiDrift
  ) {
    add(
      'drift.psiDrift',
      `must be above the warning level (${psiWarning}), got ${psiDrift}`,
    );
  }

  const windowsInDrift = values.valid('retraining.windowsInDrift');
  const ofLastWindows = values.valid('retraining.ofLastWindows');
  if (
    typeof windowsInDrift === 'number' &&
    typeof ofLastWindows === 'number' &&
    ofLastWindows < windowsInDrift
  ) {
    add(
      'retraining.ofLastWindows',
      `must be at least windowsInDrift (${windowsInDrift}), got ${ofLastWindows}`,
    );
  }

  const series = values.given('alphaVantageSeries');
  if (
    Array.isArray(series) &&
    series.includes('TIME_SERIES_INTRADAY') &&
    values.given('intradayInterval') === undefined
  ) {
    add('intradayInterval', 'is required');
  }

  if (values.valid('serving.rolloutStrategy') === 'canary') {
    if (values.given('serving.canarySteps') === undefined) {
      add('serving.canarySteps', 'is required');
    }
    const steps = values.valid('serving.canarySteps');
    if (Array.isArray(steps)) {
      for (const message of canaryStepProblems(steps as number[])) {
        add('serving.canarySteps', message);
      }
    }
  }

  const servingWorkspace = values.valid('servingWorkspace');
  if (
    typeof servingWorkspace === 'string' &&
    !context.configuredWorkspaces.includes(servingWorkspace)
  ) {
    add(
      'servingWorkspace',
      `"${servingWorkspace}" is not configured in the portal (fmlops.workspaces${
        context.configuredWorkspaces.length > 0
          ? ` has ${context.configuredWorkspaces.join(', ')}`
          : ' is empty'
      }); the model could not be registered or shown`,
    );
  }
  return problems;
}

function canaryStepProblems(steps: readonly number[]): string[] {
  const problems: string[] = [];
  const decrease = steps.findIndex((step, i) => i > 0 && step <= steps[i - 1]);
  if (decrease > 0) {
    problems.push(
      `must increase step by step, but ${steps[decrease]} % follows ${
        steps[decrease - 1]
      } %`,
    );
  }
  const last = steps[steps.length - 1];
  if (last !== undefined && last !== 100) {
    problems.push(
      `must end at 100 % so the challenger takes all traffic, ends at ${last} %`,
    );
  }
  return problems;
}
