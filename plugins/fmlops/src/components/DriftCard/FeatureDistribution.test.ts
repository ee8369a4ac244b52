import { distributionShares } from './FeatureDistribution';

describe('distributionShares', () => {
  it('turns counts into each side’s shares and labels numeric bins by their lower edge', () => {
    expect(
      distributionShares([
        { label: '[0, 10)', lower: 0, upper: 10, reference: 30, current: 10 },
        { label: '[10, 20]', lower: 10, upper: 20, reference: 70, current: 30 },
      ]),
    ).toEqual([
      { label: '0', reference: 0.3, current: 0.25 },
      { label: '10', reference: 0.7, current: 0.75 },
    ]);
  });

  it('keeps category labels and survives an empty side', () => {
    expect(
      distributionShares([{ label: 'grocery', reference: 0, current: 4 }]),
    ).toEqual([{ label: 'grocery', reference: 0, current: 1 }]);
  });
});
