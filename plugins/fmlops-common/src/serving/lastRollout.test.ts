import { parseRecordedRollout } from './lastRollout';

describe('the roll-out a deployment job records on its endpoint', () => {
  it('reads the record the generated deployment job writes', () => {
    expect(
      parseRecordedRollout(
        '{"version":"4","before":{"3":100},"after":{"3":90,"4":10},"at":"2026-03-01T12:00:00Z","by":"databricks-job-run:42"}',
      ),
    ).toEqual({
      version: '4',
      before: [{ modelVersion: '3', trafficPercentage: 100 }],
      after: [
        { modelVersion: '3', trafficPercentage: 90 },
        { modelVersion: '4', trafficPercentage: 10 },
      ],
      at: '2026-03-01T12:00:00Z',
      by: 'databricks-job-run:42',
    });
  });

  it('ignores what is not such a record', () => {
    expect(parseRecordedRollout(undefined)).toBeUndefined();
    expect(parseRecordedRollout('not json')).toBeUndefined();
    expect(parseRecordedRollout('{"version":"4"}')).toBeUndefined();
    expect(
      parseRecordedRollout(
        '{"version":"4","before":{"3":100},"after":{"v4":100}}',
      ),
    ).toBeUndefined();
    expect(
      parseRecordedRollout(
        '{"version":"4","before":{"3":100},"after":{"4":101}}',
      ),
    ).toBeUndefined();
  });
});
