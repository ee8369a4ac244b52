import { MAX_BIN_COUNT, binCounts, histogramBinEdges } from './binning';
import { DriftInputError } from './errors';

// numpy.linspace(0, 1, 11): edges 3, 6 and 7 are 0.30000000000000004, 0.6000000000000001 and
// 0.7000000000000001, one ulp above the decimal value.
const TENTHS = histogramBinEdges([0, 1], 10);

describe('histogramBinEdges', () => {
  it("chooses Sturges' bin count as numpy does", () => {
    // numpy.histogram_bin_edges(np.arange(200.0), 'sturges'): ceil(log2(200) + 1) = 9 bins.
    const edges = histogramBinEdges(Array.from({ length: 200 }, (_, i) => i));
    expect(edges).toHaveLength(10);
    expect(edges[0]).toBe(0);
    expect(edges[9]).toBe(199);
    expect(histogramBinEdges([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([
      0, 1.75, 3.5, 5.25, 7,
    ]);
  });

  it("reproduces numpy.linspace's edges to the last bit", () => {
    expect(TENTHS[3]).toBe(0.30000000000000004);
    expect(TENTHS[6]).toBe(0.6000000000000001);
    expect(TENTHS[10]).toBe(1);
    // numpy.linspace(0.05, 1.149, 13)
    expect(histogramBinEdges([1.149, 0.05, 0.7], 12)).toEqual([
      0.05, 0.14158333333333334, 0.2331666666666667, 0.32475,
      0.41633333333333333, 0.5079166666666667, 0.5995, 0.6910833333333334,
      0.7826666666666667, 0.8742500000000001, 0.9658333333333334,
      1.0574166666666667, 1.149,
    ]);
  });

  it('ignores NaN and ±Infinity', () => {
    expect(histogramBinEdges([NaN, 2, Infinity, 4, -Infinity], 2)).toEqual([
      2, 3, 4,
    ]);
  });

  it.each([
    [[NaN, Infinity], 3, /no finite values/],
    [[5, 5, 5], 3, /All values are equal \(5\)/],
    [[1, 2], 0, /whole number from 1 to 100000, got 0/],
    [[1, 2], 2.5, /got 2.5/],
    [[1, 2], MAX_BIN_COUNT + 1, /from 1 to 100000/],
    [[-Number.MAX_VALUE, Number.MAX_VALUE], 4, /too wide/],
  ])('rejects %j with %p bins', (values, bins, message) => {
    expect(() => histogramBinEdges(values, bins)).toThrow(DriftInputError);
    expect(() => histogramBinEdges(values, bins)).toThrow(message);
  });
});

describe('binCounts', () => {
  it('puts values one ulp below an edge in the lower bin, as numpy corrects them', () => {
    // (0.3 - 0) * 10 is exactly 3, yet 0.3 < edge 3: numpy.histogram counts it in bin 2.
    expect(binCounts([0.3, 0.6, 0.7], TENTHS)).toEqual([
      0, 0, 1, 0, 0, 1, 1, 0, 0, 0,
    ]);
  });

  it('puts every edge in the bin it opens, and the top edge in the last bin', () => {
    // numpy.linspace(-3, 7, 8): for edges 3 and 6 the direct index lands one bin low.
    const edges = histogramBinEdges([-3, 7], 7);
    expect(edges[3]).toBe(1.2857142857142856);
    expect(binCounts(edges, edges)).toEqual([1, 1, 1, 1, 1, 1, 2]);
  });

  it('ignores values outside the edges, NaN and ±Infinity', () => {
    expect(
      binCounts([-1, 0, 0.5, 1, 1.5, NaN, Infinity, -Infinity], [0, 0.5, 1]),
    ).toEqual([1, 2]);
  });

  it('counts on uneven edges too', () => {
    expect(binCounts([0, 0.5, 1, 9, 10, 10, 99, 100], [0, 1, 10, 100])).toEqual(
      [2, 2, 4],
    );
  });

  it.each([
    [[1], /at least two values, got 1/],
    [[0, 1, 1], /strictly increasing; edge 2 \(1\) is not above edge 1 \(1\)/],
    [[1, 0], /strictly increasing/],
    [[0, NaN], /finite numbers; edge 1 is NaN/],
  ])('rejects edges %j', (edges, message) => {
    expect(() => binCounts([1], edges)).toThrow(DriftInputError);
    expect(() => binCounts([1], edges)).toThrow(message);
  });
});
