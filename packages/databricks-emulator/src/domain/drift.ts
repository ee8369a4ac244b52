import {
  binCounts,
  compareCategories,
  compareSamples,
  histogramBinEdges,
} from '@fmlops/backstage-plugin-fmlops-common';
import { Random } from './random';

/**
 * Synthetic transaction features and the drift windows computed from them with the portal's own
 * drift maths: what a generated drift job would write to its tables.
 */

interface NumericFeature {
  name: string;
  kind: 'numerical';
  sample(rng: Random, shift: number): number;
}
interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  categories: string[];
  weights: number[];
  /** where drift moves the mass to */
  driftTowards: number;
}
type Feature = NumericFeature | CategoricalFeature;

export const FEATURES: Feature[] = [
  {
    name: 'amount',
    kind: 'numerical',
    sample: (r, s) => r.logNormal(85 * (1 + s), 0.9),
  },
  {
    name: 'velocity_1h',
    kind: 'numerical',
    sample: (r, s) => Math.max(0, r.normal(3 + 2 * s, 1.6)),
  },
  {
    name: 'price_return',
    kind: 'numerical',
    sample: (r, s) => r.normal(0.0002 * (1 + 4 * s), 0.012 * (1 + s)),
  },
  {
    name: 'volume_zscore',
    kind: 'numerical',
    sample: (r, s) => r.normal(s * 1.2, 1 + 0.5 * s),
  },
  {
    name: 'hour_of_day',
    kind: 'numerical',
    sample: (r, s) => Math.floor(((r.normal(14 + 3 * s, 4) % 24) + 24) % 24),
  },
  {
    name: 'merchant_category',
    kind: 'categorical',
    categories: [
      'grocery',
      'travel',
      'electronics',
      'gaming',
      'crypto_exchange',
      'fuel',
    ],
    weights: [0.34, 0.14, 0.16, 0.08, 0.06, 0.22],
    driftTowards: 4,
  },
  {
    name: 'country_risk',
    kind: 'categorical',
    categories: ['low', 'medium', 'high'],
    weights: [0.7, 0.22, 0.08],
    driftTowards: 2,
  },
];

export const REFERENCE_SIZE = 4000;
export const WINDOW_SIZE = 2000;

function sampleCategory(
  rng: Random,
  f: CategoricalFeature,
  shift: number,
): string {
  const weights = f.weights.map((w, i) =>
    i === f.driftTowards ? w + shift * 0.5 : w * (1 - shift * 0.3),
  );
  return rng.pick(
    f.categories,
    weights.map(w => Math.max(w, 0.001)),
  );
}

export interface DriftMetricRow {
  window_start: string;
  window_end: string;
  feature: string;
  feature_type: 'numerical' | 'categorical';
  psi: number;
  js_divergence: number;
  js_distance: number;
  status: string;
  reference_count: number;
  current_count: number;
}

export interface HistogramRow {
  window_start: string;
  feature: string;
  bin_index: number;
  bin_label: string;
  bin_lower: number | null;
  bin_upper: number | null;
  reference_count: number;
  current_count: number;
}

/** A model's reference sample and the fixed bins its stored histograms use. */
export class FeatureReference {
  private readonly numeric = new Map<
    string,
    { values: Float64Array; edges: number[] }
  >();
  private readonly categorical = new Map<string, string[]>();

  constructor(seed: string, readonly features: Feature[] = FEATURES) {
    const rng = new Random(`${seed}:reference`);
    for (const f of features) {
      if (f.kind === 'numerical') {
        const values = new Float64Array(REFERENCE_SIZE);
        for (let i = 0; i < REFERENCE_SIZE; i++) values[i] = f.sample(rng, 0);
        this.numeric.set(f.name, {
          values,
          edges: histogramBinEdges(values, 12),
        });
      } else {
        this.categorical.set(
          f.name,
          Array.from({ length: REFERENCE_SIZE }, () =>
            sampleCategory(rng, f, 0),
          ),
        );
      }
    }
  }

  /** One window's rows for the drift and histogram tables, from fresh samples with `shift` drift per feature. */
  window(
    seed: string,
    windowStart: Date,
    windowEnd: Date,
    shiftOf: (feature: string) => number,
  ): { metrics: DriftMetricRow[]; histograms: HistogramRow[] } {
    const rng = new Random(`${seed}:${windowStart.toISOString()}`);
    const start = windowStart.toISOString();
    const metrics: DriftMetricRow[] = [];
    const histograms: HistogramRow[] = [];
    for (const f of this.features) {
      const shift = shiftOf(f.name);
      if (f.kind === 'numerical') {
        const ref = this.numeric.get(f.name)!;
        const current = new Float64Array(WINDOW_SIZE);
        for (let i = 0; i < WINDOW_SIZE; i++) current[i] = f.sample(rng, shift);
        const cmp = compareSamples(ref.values, current);
        metrics.push({
          window_start: start,
          window_end: windowEnd.toISOString(),
          feature: f.name,
          feature_type: 'numerical',
          psi: cmp.psi,
          js_divergence: cmp.js.divergence,
          js_distance: cmp.js.distance,
          status: cmp.status,
          reference_count: cmp.referenceSize,
          current_count: cmp.currentSize,
        });
        // stored histograms use the reference's bins; values beyond them land in the edge bins
        const lo = ref.edges[0];
        const hi = ref.edges[ref.edges.length - 1];
        const clipped = current.map(v => Math.min(hi, Math.max(lo, v)));
        const refCounts = binCounts(ref.values, ref.edges);
        const curCounts = binCounts(clipped, ref.edges);
        for (let b = 0; b < refCounts.length; b++) {
          histograms.push({
            window_start: start,
            feature: f.name,
            bin_index: b,
            bin_label: `[${round(ref.edges[b])}, ${round(ref.edges[b + 1])}${
              b === refCounts.length - 1 ? ']' : ')'
            }`,
            bin_lower: ref.edges[b],
            bin_upper: ref.edges[b + 1],
            reference_count: refCounts[b],
            current_count: curCounts[b],
          });
        }
      } else {
        const ref = this.categorical.get(f.name)!;
        const current = Array.from({ length: WINDOW_SIZE }, () =>
          sampleCategory(rng, f, shift),
        );
        const cmp = compareCategories(ref, current);
        metrics.push({
          window_start: start,
          window_end: windowEnd.toISOString(),
          feature: f.name,
          feature_type: 'categorical',
          psi: cmp.psi,
          js_divergence: cmp.js.divergence,
          js_distance: cmp.js.distance,
          status: cmp.status,
          reference_count: cmp.referenceSize,
          current_count: cmp.currentSize,
        });
        f.categories.forEach((category, b) => {
          histograms.push({
            window_start: start,
            feature: f.name,
            bin_index: b,
            bin_label: category,
            bin_lower: null,
            bin_upper: null,
            reference_count: ref.filter(v => v === category).length,
            current_count: current.filter(v => v === category).length,
          });
        });
      }
    }
    return { metrics, histograms };
  }
}

function round(v: number): string {
  return Math.abs(v) >= 100
    ? v.toFixed(0)
    : Number(v.toPrecision(3)).toString();
}
