import { quartzCronProblems } from '../quartzCron';
import { unsafeTextProblems } from '../safeText';
import { notATimeZone } from './fieldMessages';
import type { FieldValues } from './fieldValues';
import { printable, type ValueProblem } from './problems';

/**
 * Checks of single fields that a JSON schema cannot express, run on values that passed the
 * schema: free text that could inject into the rendered files, Quartz cron semantics, and time
 * zones the runtime's IANA database knows.
 */
const CHECKS: ReadonlyArray<[string, (value: string) => string[]]> = [
  ['description', unsafeTextProblems],
  [
    'drift.schedule',
    schedule =>
      quartzCronProblems(schedule).map(p => `"${printable(schedule)}" ${p}`),
  ],
  [
    'trainingSchedule',
    schedule =>
      quartzCronProblems(schedule).map(p => `"${printable(schedule)}" ${p}`),
  ],
  [
    'drift.timezone',
    zone => (isKnownTimeZone(zone) ? [] : [notATimeZone(zone)]),
  ],
];

export function fieldCheckProblems(values: FieldValues): ValueProblem[] {
  return CHECKS.flatMap(([field, check]) => {
    const value = values.valid(field);
    return typeof value === 'string'
      ? check(value).map(message => ({ field, message }))
      : [];
  });
}

function isKnownTimeZone(zone: string): boolean {
  try {
    // throws a RangeError for zones the runtime's IANA database does not know
    Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
