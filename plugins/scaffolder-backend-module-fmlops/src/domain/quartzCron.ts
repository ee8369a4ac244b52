interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** `?` allowed (the day fields) */
  question?: boolean;
  /** `L`, `W`, `LW`, `L-n`, `nW` allowed */
  dayOfMonthSpecials?: boolean;
  /** `L`, `nL`, `n#k` allowed */
  dayOfWeekSpecials?: boolean;
}

const MONTHS = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly FieldSpec[] = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  {
    name: 'day-of-month',
    min: 1,
    max: 31,
    question: true,
    dayOfMonthSpecials: true,
  },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: WEEKDAYS,
    question: true,
    dayOfWeekSpecials: true,
  },
  { name: 'year', min: 1970, max: 2099 },
];

function fieldProblems(field: string, spec: FieldSpec): string[] {
  const upper = field.toUpperCase();
  if (upper === '?') {
    return spec.question
      ? []
      : ['? is only allowed in day-of-month and day-of-week'];
  }
  if (spec.dayOfMonthSpecials) {
    if (upper === 'L' || upper === 'LW') return [];
    const offset = /^L-(\d+)$/.exec(upper);
    if (offset) {
      return Number(offset[1]) <= 30
        ? []
        : [`L-${offset[1]}: the offset from the last day must be 0-30`];
    }
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) return valueProblems(weekday[1], spec);
  }
  if (spec.dayOfWeekSpecials) {
    if (upper === 'L') return [];
    const last = /^([A-Z0-9]+)L$/.exec(upper);
    if (last) return valueProblems(last[1], spec);
    const nth = /^([A-Z0-9]+)#(\d+)$/.exec(upper);
    if (nth) {
      const problems = valueProblems(nth[1], spec);
      const n = Number(nth[2]);
      if (n < 1 || n > 5) {
        problems.push(`#${nth[2]}: the week of the month must be 1-5`);
      }
      return problems;
    }
  }
  if (/[LW#]/.test(upper.replace(/[A-Z]{3}/g, ''))) {
    return [
      `L, W and # are only allowed in day-of-month (L, LW, L-n, nW) and day-of-week (L, nL, n#k)`,
    ];
  }
  return upper.split(',').flatMap(item => listItemProblems(item, spec));
}

function listItemProblems(item: string, spec: FieldSpec): string[] {
  if (item === '') return ['empty list item (check the commas)'];
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0) return [`"${item}" has more than one /`];
  const problems: string[] = [];
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) < 1) {
      problems.push(`step "${step}" must be a positive whole number`);
    } else if (Number(step) > spec.max) {
      problems.push(`step ${step} is larger than ${spec.max}`);
    }
  }
  if (range === '*') return problems;
  const bounds = range.split('-');
  if (bounds.length > 2) return [...problems, `"${range}" is not a range`];
  for (const bound of bounds) problems.push(...valueProblems(bound, spec));
  return problems;
}

function valueProblems(value: string, spec: FieldSpec): string[] {
  if (value === '') return ['a value is missing'];
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n >= spec.min && n <= spec.max
      ? []
      : [`${value} is out of range ${spec.min}-${spec.max}`];
  }
  if (spec.names?.includes(value)) return [];
  return [
    `"${value}" is not a number${
      spec.names ? ` or one of ${spec.names.join(', ')}` : ''
    }`,
  ];
}

/**
 * Checks a Quartz cron expression, the syntax Databricks job schedules use
 * (`quartz_cron_expression`): seconds minutes hours day-of-month month day-of-week [year].
 *
 * Returns the problems found, empty when the expression is valid.
 *
 * @public
 */
export function quartzCronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (expression.trim() === '') {
    return ['is empty; expected 6 or 7 fields, e.g. 0 0 * * * ?'];
  }
  if (fields.length < 6 || fields.length > 7) {
    return [
      `has ${fields.length} field${
        fields.length === 1 ? '' : 's'
      }; Quartz cron needs 6 or 7 (seconds minutes hours day-of-month month day-of-week [year]), e.g. 0 0 * * * ?`,
    ];
  }
  const problems: string[] = [];
  fields.forEach((field, index) => {
    const spec = FIELDS[index];
    for (const problem of fieldProblems(field, spec)) {
      problems.push(`${spec.name} field "${field}": ${problem}`);
    }
  });
  const dayOfMonth = fields[3];
  const dayOfWeek = fields[5];
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    problems.push(
      'one of day-of-month and day-of-week must be ? (Quartz does not support both), e.g. 0 0 * * * ?',
    );
  } else if (dayOfMonth === '?' && dayOfWeek === '?') {
    problems.push('day-of-month and day-of-week cannot both be ?');
  }
  return problems;
}
