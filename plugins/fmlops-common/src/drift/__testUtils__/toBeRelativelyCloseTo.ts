/**
 * Jest matcher for the contract's agreement rule: equal to 1e-9 relative (or a given tolerance).
 * Register it with `expect.extend({ toBeRelativelyCloseTo })`.
 */
export function toBeRelativelyCloseTo(
  this: jest.MatcherContext,
  received: number,
  expected: number,
  relativeTolerance = 1e-9,
): jest.CustomMatcherResult {
  const error = Math.abs(received - expected);
  const allowed = relativeTolerance * Math.abs(expected);
  const pass = typeof received === 'number' && error <= allowed;
  return {
    pass,
    message: () =>
      `expected ${this.utils.printReceived(received)} ${
        pass ? 'not ' : ''
      }to be within ${relativeTolerance} relative of ${this.utils.printExpected(
        expected,
      )} (off by ${error}, ${(error / Math.abs(expected)).toExponential(
        2,
      )} relative)`,
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeRelativelyCloseTo(expected: number, relativeTolerance?: number): R;
    }
  }
}
