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

  it("credits a deployment job's own roll-out to it when its record ends in what serves", () => {
    const recorded = {
      version: '4',
      before: split(100, 0),
      after: split(90, 10),
      by: 'databricks-job-run:42',
    };
    const seen = { routes: split(100, 0), observedAt: 1_000 };
    expect(
      judgeServingChange(seen, split(90, 10), undefined, recorded),
    ).toEqual({ kind: 'external', before: split(100, 0), recorded });
    // a record of another state is not this change's
    expect(
      judgeServingChange(seen, split(50, 50), undefined, recorded),
    ).toEqual({ kind: 'external', before: split(100, 0), recorded: undefined });
  });

  it('learns the state before a deployment made while the portal was away from its record', () => {
    const recorded = {
      version: '4',
      before: split(100, 0),
      after: split(90, 10),
    };
    expect(
      judgeServingChange(undefined, split(90, 10), undefined, recorded),
    ).toEqual({ kind: 'external', before: split(100, 0), recorded });
    // without a record, or when the portal's own history left it so, the first look is a baseline
    expect(judgeServingChange(undefined, split(90, 10), undefined).kind).toBe(
      'first-look',
    );
    expect(
      judgeServingChange(
        undefined,
        split(90, 10),
        { routes: split(90, 10), at: 500 },
        recorded,
      ).kind,
    ).toBe('first-look');
  });
});
