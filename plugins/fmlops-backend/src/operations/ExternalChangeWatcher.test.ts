import { judgeServingChange } from './ExternalChangeWatcher';

const split = (champion: number, challenger: number) =>
  [
    { modelVersion: '3', trafficPercentage: champion },
    { modelVersion: '4', trafficPercentage: challenger },
  ].filter(r => r.trafficPercentage > 0);

describe('judgeServingChange', () => {
  it('takes the first look as the baseline', () => {
    expect(judgeServingChange(undefined, split(90, 10), undefined)).toEqual({
      kind: 'first-look',
    });
  });

  it('sees no change when the endpoint serves what it served', () => {
    const seen = { routes: split(90, 10), observedAt: 1_000 };
    expect(judgeServingChange(seen, split(90, 10), undefined).kind).toBe(
      'unchanged',
    );
  });

  it('credits the portal with a change its history records since the last look', () => {
    const seen = { routes: split(90, 10), observedAt: 1_000 };
    expect(
      judgeServingChange(seen, split(0, 100), {
        routes: split(0, 100),
        at: 2_000,
      }).kind,
    ).toBe('portal');
  });

  it('calls any other change external, with what was served before it', () => {
    const seen = { routes: split(90, 10), observedAt: 1_000 };
    // no record at all
    expect(judgeServingChange(seen, split(50, 50), undefined)).toEqual({
      kind: 'external',
      before: split(90, 10),
    });
    // the portal's last change left another split
    expect(
      judgeServingChange(seen, split(50, 50), {
        routes: split(0, 100),
        at: 2_000,
      }).kind,
    ).toBe('external');
    // the portal left this split, but before the last look: someone came back to it since
    expect(
      judgeServingChange(seen, split(50, 50), {
        routes: split(50, 50),
        at: 500,
      }).kind,
    ).toBe('external');
  });
});
