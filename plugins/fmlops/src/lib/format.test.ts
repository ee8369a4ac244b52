import {
  formatAge,
  formatMs,
  formatPercent,
  formatSplit,
  formatWindow,
} from './format';

describe('format', () => {
  it('says how old data is in the largest fitting unit', () => {
    expect(formatAge(42)).toBe('42 s');
    expect(formatAge(12 * 60)).toBe('12 min');
    expect(formatAge(3 * 3600)).toBe('3 h');
    expect(formatAge(2 * 86400)).toBe('2 d');
    expect(formatAge(-1)).toBe('—');
  });

  it('formats fractions, latencies, windows and splits', () => {
    expect(formatPercent(0.0125)).toBe('1.3 %');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatWindow('2026-11-20T10:00:00.000Z')).toBe(
      '2026-11-20 10:00 UTC',
    );
    expect(
      formatSplit([
        { modelVersion: '3', trafficPercentage: 90 },
        { modelVersion: '4', trafficPercentage: 10 },
      ]),
    ).toBe('v3 90 % · v4 10 %');
  });
});
