import type { ModelCoordinates } from '../catalog/annotations';
import type { DriftStatus } from '../drift';

/**
 * What the backend serves and the frontend shows: a model's MLOps state, read from Databricks.
 * Every section is fetched on its own, so one failing Databricks API leaves the others intact.
 */

/** A section of the overview: its data, or why it could not be read. */
export type Section<T> =
  | { status: 'ok'; data: T }
  | { status: 'unavailable'; reason: string; code?: string }
  /** the entity does not declare what this section needs (e.g. no drift table annotation) */
  | { status: 'not-configured'; reason: string };

/** How fresh a response is: live from Databricks, or a cached / persisted snapshot. */
export interface Freshness {
  fetchedAt: string;
  ageSeconds: number;
  /** older than the fresh TTL: a refresh is under way or Databricks did not answer */
  stale: boolean;
  source: 'live' | 'cache' | 'snapshot';
}

export interface ServedVersionMetrics {
  requests: number;
  errors: number;
  /** errors / requests over the endpoint's lifetime counters; 0 when there were no requests */
  errorRate: number;
  p50LatencyMs?: number;
  p99LatencyMs?: number;
}

export interface ServedVersion {
  servedEntityName: string;
  modelName: string;
  modelVersion: string;
  /** Unity Catalog aliases on this version, e.g. champion, challenger */
  aliases: string[];
  trafficPercentage: number;
  workloadSize?: string;
  scaleToZeroEnabled?: boolean;
  metrics?: ServedVersionMetrics;
}

export type EndpointReadiness = 'READY' | 'NOT_READY';
export type ConfigUpdateState =
  | 'NOT_UPDATING'
  | 'IN_PROGRESS'
  | 'UPDATE_FAILED'
  | 'UPDATE_CANCELED';

export interface ServingState {
  endpointName: string;
  ready: EndpointReadiness;
  configUpdate: ConfigUpdateState;
  configVersion?: number;
  servedVersions: ServedVersion[];
  /** the config being rolled out while configUpdate is IN_PROGRESS */
  pendingConfig?: {
    startTime?: string;
    servedVersions: ServedVersion[];
  };
}

export interface ModelVersionSummary {
  version: string;
  runId?: string;
  status?: string;
  createdAt?: string;
  aliases: string[];
}

export interface RegistryState {
  fullName: string;
  champion?: string;
  challenger?: string;
  versions: ModelVersionSummary[];
}

export const TOURNAMENT_METRICS = [
  'pr_auc',
  'f1',
  'precision',
  'recall',
  'roc_auc',
] as const;
export type TournamentMetric = (typeof TOURNAMENT_METRICS)[number];

export interface TournamentEntry {
  runId: string;
  runName?: string;
  algorithm: string;
  metrics: Partial<Record<TournamentMetric, number>>;
  params: Record<string, string>;
  winner: boolean;
  startTime?: string;
  /** the run in the workspace UI */
  runUrl?: string;
}

export interface Tournament {
  tournamentId: string;
  startedAt?: string;
  jobRunId?: string;
  /** entries ranked by the primary metric, best first */
  entries: TournamentEntry[];
}

export interface TournamentState {
  primaryMetric: TournamentMetric;
  /** newest first; the first one is the latest tournament */
  tournaments: Tournament[];
}

export interface FeatureDrift {
  feature: string;
  featureType: 'numerical' | 'categorical';
  psi: number;
  jsDivergence: number;
  jsDistance: number;
  status: DriftStatus;
}

export interface DriftWindowSummary {
  windowStart: string;
  windowEnd?: string;
  maxPsi: number;
  maxJsDistance: number;
  driftedFeatures: number;
  status: DriftStatus;
}

export interface DriftState {
  /** the newest window, feature by feature */
  latest?: DriftWindowSummary & { features: FeatureDrift[] };
  /** the last N windows, oldest first */
  trend: DriftWindowSummary[];
  /** per feature, its PSI over the trend windows (oldest first), for sparklines */
  featureTrends: Record<string, number[]>;
}

export interface ExpectationResult {
  name: string;
  dataset: string;
  passedRecords: number;
  failedRecords: number;
  passRate: number;
}

export interface DatasetHealth {
  dataset: string;
  /** bronze, silver or gold when the dataset name says so */
  layer?: 'bronze' | 'silver' | 'gold';
  passRate: number;
  expectations: ExpectationResult[];
}

export interface PipelineHealth {
  pipelineId: string;
  name?: string;
  state?: string;
  health?: string;
  lastUpdate?: {
    updateId: string;
    state?: string;
    creationTime?: string;
  };
  datasets: DatasetHealth[];
}

export interface JobRunSummary {
  jobId: string;
  role: 'tournament' | 'drift';
  runId: string;
  lifeCycleState?: string;
  resultState?: string;
  startTime?: string;
  endTime?: string;
  runPageUrl?: string;
}

export interface ModelOverview {
  entityRef: string;
  coordinates: ModelCoordinates;
  serving: Section<ServingState>;
  registry: Section<RegistryState>;
  tournament: Section<TournamentState>;
  drift: Section<DriftState>;
  pipeline: Section<PipelineHealth>;
  jobs: Section<JobRunSummary[]>;
  freshness: Freshness;
}

export type ModelHealth = 'healthy' | 'warning' | 'critical' | 'unknown';

export interface PortfolioItem {
  entityRef: string;
  title?: string;
  owner?: string;
  workspace: string;
  ucModel: string;
  servingEndpoint: string;
  health: ModelHealth;
  /** why the health is what it is, one line per reason */
  healthReasons: string[];
  endpointReady?: EndpointReadiness;
  configUpdate?: ConfigUpdateState;
  /** model versions the endpoint serves (the list API gives no percentages: see the overview) */
  servedVersions: string[];
  driftStatus?: DriftStatus;
  latestDriftWindow?: string;
  maxPsi?: number;
  /** the running or paused operation on the model, if any */
  activeOperation?: {
    id: string;
    type: string;
    status: string;
    phase: string;
  };
}

export interface Portfolio {
  items: PortfolioItem[];
  freshness: Freshness;
}

export interface FeatureComparison {
  feature: string;
  featureType: 'numerical' | 'categorical';
  psi: number;
  jsDivergence: number;
  jsDistance: number;
  status: DriftStatus;
  bins: Array<{ label: string; fromCount: number; toCount: number }>;
}

export interface DriftComparison {
  entityRef: string;
  from: string;
  to: string;
  features: FeatureComparison[];
}
