import { quartzCronProblems } from './quartzCron';

describe('quartzCronProblems', () => {
  it.each([
    '0 0 * * * ?',
    '0 */15 * * * ?',
    '0 0 9-17 ? * MON-FRI',
    '0 30 2 ? * SUN,WED',
    '0 0 12 L * ?',
    '0 0 12 LW * ?',
    '0 0 12 L-3 * ?',
    '0 0 12 15W * ?',
    '0 0 12 ? * 6L',
    '0 0 12 ? * FRI#3',
    '0 0 0 1 JAN-JUN/2 ? 2027',
    '0 0 6 1,15 * ? 2026-2030',
    '0 5/10 0-23/2 * * ?',
  ])('accepts %s', expression => {
    expect(quartzCronProblems(expression)).toEqual([]);
  });

  it('rejects the five-field Unix syntax with the expected shape', () => {
    expect(quartzCronProblems('0 * * * *')).toEqual([
      expect.stringMatching(/has 5 fields; Quartz cron needs 6 or 7/),
    ]);
  });

  it('rejects an empty expression', () => {
    expect(quartzCronProblems('  ')[0]).toMatch(/is empty/);
  });

  it('names the field and the range of an out-of-range value', () => {
    expect(quartzCronProblems('0 0 25 * * ?')).toEqual([
      'hours field "25": 25 is out of range 0-23',
    ]);
    expect(quartzCronProblems('0 60 0 * * ?')).toEqual([
      'minutes field "60": 60 is out of range 0-59',
    ]);
    expect(quartzCronProblems('0 0 0 ? * 8')).toEqual([
      'day-of-week field "8": 8 is out of range 1-7',
    ]);
    expect(quartzCronProblems('0 0 0 * * ? 1969')).toEqual([
      'year field "1969": 1969 is out of range 1970-2099',
    ]);
  });

  it('requires ? in exactly one day field', () => {
    expect(quartzCronProblems('0 0 0 * * *')).toEqual([
      expect.stringMatching(/one of day-of-month and day-of-week must be \?/),
    ]);
    expect(quartzCronProblems('0 0 0 ? * ?')).toEqual([
      'day-of-month and day-of-week cannot both be ?',
    ]);
  });

  it('rejects specials outside the day fields and malformed steps, lists and names', () => {
    expect(quartzCronProblems('? 0 0 * * ?')[0]).toMatch(
      /seconds field "\?": \? is only allowed/,
    );
    expect(quartzCronProblems('0 0 L * * ?')[0]).toMatch(
      /hours field "L": L, W and # are only allowed/,
    );
    expect(quartzCronProblems('0 */0 * * * ?')).toEqual([
      'minutes field "*/0": step "0" must be a positive whole number',
    ]);
    expect(quartzCronProblems('0 1,,2 * * * ?')).toEqual([
      'minutes field "1,,2": empty list item (check the commas)',
    ]);
    expect(quartzCronProblems('0 0 0 ? FOO *')).toEqual([
      'month field "FOO": "FOO" is not a number or one of JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC',
    ]);
    expect(quartzCronProblems('0 0 0 ? * MON#6')).toEqual([
      'day-of-week field "MON#6": #6: the week of the month must be 1-5',
    ]);
    expect(quartzCronProblems('0 0 0 L-31 * ?')).toEqual([
      'day-of-month field "L-31": L-31: the offset from the last day must be 0-30',
    ]);
  });

  it('reports every bad field at once', () => {
    expect(quartzCronProblems('61 61 25 32 13 ?')).toHaveLength(5);
  });
});
