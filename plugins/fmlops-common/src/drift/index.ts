/**
 * The drift maths of fmlops: PSI and Jensen-Shannon on numerical samples, categories and stored
 * histograms, the two-sample Kolmogorov-Smirnov test on raw samples, computed as the generated Python drift jobs compute them (numpy's binning, Evidently's
 * definitions). Pure TypeScript, no Backstage imports.
 */

export { DriftInputError } from './errors';
export {
  DEFAULT_DRIFT_THRESHOLDS,
  driftStatus,
  resolveDriftThresholds,
} from './thresholds';
export type { DriftStatus, DriftThresholds } from './thresholds';
export {
  compareHistograms,
  jensenShannon,
  populationStabilityIndex,
} from './divergence';
export type {
  CompareHistogramsOptions,
  DriftMeasures,
  JensenShannon,
  JensenShannonOptions,
} from './divergence';
export { MAX_BIN_COUNT, binCounts, histogramBinEdges } from './binning';
export {
  DISCRETE_VALUE_LIMIT,
  compareCategories,
  compareSamples,
} from './compare';
export type {
  CompareCategoriesOptions,
  CompareSamplesOptions,
  SampleComparison,
} from './compare';
export { kolmogorovSmirnov, kolmogorovSurvival } from './kolmogorovSmirnov';
export type { KolmogorovSmirnovTest } from './kolmogorovSmirnov';
