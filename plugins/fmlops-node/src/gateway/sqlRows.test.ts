import { sqlValue, toRows } from './sqlRows';

describe('SQL rows', () => {
  it('converts values by column type', () => {
    expect(sqlValue('0.237', 'DOUBLE')).toBe(0.237);
    expect(sqlValue('12', 'LONG')).toBe(12);
    expect(sqlValue('9007199254740993', 'LONG')).toBe('9007199254740993');
    expect(sqlValue('TRUE', 'BOOLEAN')).toBe(true);
    expect(sqlValue('false', 'BOOLEAN')).toBe(false);
    expect(sqlValue('2026-11-23T00:00:00.000Z', 'TIMESTAMP')).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(sqlValue(null, 'DOUBLE')).toBeNull();
    expect(sqlValue('x', undefined)).toBe('x');
  });

  it('keys rows by column name, in column position order', () => {
    expect(
      toRows(
        [
          { name: 'feature', type_name: 'STRING', position: 0 },
          { name: 'psi', type_name: 'DOUBLE', position: 1 },
        ],
        [
          ['amount', '0.31'],
          ['merchant', null],
        ],
      ),
    ).toEqual([
      { feature: 'amount', psi: 0.31 },
      { feature: 'merchant', psi: null },
    ]);
  });
});
