/**
 * Raised when the drift maths is given input it cannot measure: no finite values, a side without
 * data, count arrays of different lengths, negative counts, an impossible bin count or thresholds.
 *
 * @remarks
 * It carries `statusCode: 400`, so a Backstage backend's error middleware answers it as a client
 * error with the message, without this isomorphic module depending on `@backstage/errors`.
 *
 * @public
 */
export class DriftInputError extends Error {
  /** HTTP status a backend should answer with: the caller's input is at fault. */
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'DriftInputError';
    // Keeps `instanceof` working when the package is compiled to ES5-style classes.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
