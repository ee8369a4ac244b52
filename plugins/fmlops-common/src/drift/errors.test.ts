import { compareSamples } from './compare';
import { DriftInputError } from './errors';

describe('DriftInputError', () => {
  it('tells a backend to answer 400 with the message', () => {
    let caught: unknown;
    try {
      compareSamples([NaN], [1]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DriftInputError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({
      name: 'DriftInputError',
      statusCode: 400,
      message:
        'The reference sample has no finite values to compare (NaN and ±Infinity are dropped)',
    });
  });
});
