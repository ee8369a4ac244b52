import { parseCanarySteps } from './steps';

describe('parseCanarySteps', () => {
  it('reads comma- or space-separated increasing steps ending at 100', () => {
    expect(parseCanarySteps('10, 50,100')).toEqual({ steps: [10, 50, 100] });
    expect(parseCanarySteps('25 100')).toEqual({ steps: [25, 100] });
  });

  it('explains what is wrong', () => {
    expect(parseCanarySteps('')).toEqual({
      error: 'Give at least one step, ending at 100.',
    });
    expect(parseCanarySteps('10, 5, 100')).toEqual({
      error: 'Steps must increase.',
    });
    expect(parseCanarySteps('10, 50')).toEqual({
      error: 'The last step must be 100.',
    });
    expect(parseCanarySteps('10, x, 100')).toEqual({
      error: 'Steps are whole percentages from 1 to 100.',
    });
  });
});
