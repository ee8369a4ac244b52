import fs from 'node:fs';
import path from 'node:path';
import { DriftInputError } from './errors';
import { kolmogorovSmirnov, kolmogorovSurvival } from './kolmogorovSmirnov';
import { toBeRelativelyCloseTo } from './__testUtils__/toBeRelativelyCloseTo';

expect.extend({ toBeRelativelyCloseTo });

interface KsVector {
  name: string;
  reference: number[];
  current: number[];
  statistic: number;
  pvalue: number;
}

// The generated pipeline's pytest reads this very file: both languages agree on every case.
const vectorsFile = path.resolve(
  __dirname,
  '../../../../templates/anomaly-detection-pipeline/skeleton/tests/fixtures/ks_vectors.json',
);
const vectors: KsVector[] = JSON.parse(
  fs.readFileSync(vectorsFile, 'utf8'),
).cases;

describe('kolmogorovSmirnov', () => {
  it('reads the shared vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(8);
  });

  it.each(vectors.map(v => [v.name, v] as const))(
    'matches the shared vector "%s" to 1e-9 relative',
    (_name, vector) => {
      const result = kolmogorovSmirnov(vector.reference, vector.current);
      expect(result.statistic).toBeRelativelyCloseTo(vector.statistic, 1e-9);
      expect(result.pValue).toBeRelativelyCloseTo(vector.pvalue, 1e-9);
      expect(result.referenceSize).toBe(vector.reference.length);
    },
  );

  it('drops NaN and infinities before comparing', () => {
    const result = kolmogorovSmirnov([NaN, 1, 2, Infinity], [1, 2]);
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.referenceSize).toBe(2);
  });

  it('refuses a side without finite values with a message', () => {
    expect(() => kolmogorovSmirnov([NaN], [1])).toThrow(DriftInputError);
    expect(() => kolmogorovSmirnov([1], [])).toThrow(
      /current sample has no finite value/,
    );
    expect(() => kolmogorovSmirnov(null as any, [1])).toThrow(
      /reference sample/,
    );
  });
});

describe('kolmogorovSurvival', () => {
  it('is 1 at 0, about 5 % at the critical value 1.3581, and continuous where its two series meet', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(Math.abs(kolmogorovSurvival(1.3581) - 0.05)).toBeLessThan(1e-4);
    expect(kolmogorovSurvival(1.18 - 1e-9)).toBeRelativelyCloseTo(
      kolmogorovSurvival(1.18),
      1e-8,
    );
  });
});
