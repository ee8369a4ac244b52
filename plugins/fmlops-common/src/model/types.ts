import type { components } from '../schema/openapi.generated';
import { tournamentMetricValues } from '../schema/openapi.generated';

/**
 * What the backend serves and the frontend shows: a model's MLOps state, read from Databricks.
 * The types are the API spec's schemas (fmlops-backend/src/schema/openapi.yaml), so the
 * backend, the frontend and the spec cannot drift apart.
 */

type Schemas = components['schemas'];

/**
 * A section of the overview: its data, or why it could not be read (`not-configured`: the
 * entity does not declare what this section needs, e.g. no drift table annotation). Every
 * section is fetched on its own, so one failing Databricks API leaves the others intact.
 */
export type Section<T> =
  | { status: 'ok'; data: T }
  | Schemas['SectionUnavailable']
  | Schemas['SectionNotConfigured'];

export type Freshness = Schemas['Freshness'];
export type ServedVersionMetrics = Schemas['ServedVersionMetrics'];
export type ServedVersion = Schemas['ServedVersion'];
export type EndpointReadiness = Schemas['EndpointReadiness'];
export type ConfigUpdateState = Schemas['ConfigUpdateState'];
export type ServingState = Schemas['ServingState'];
export type ModelVersionSummary = Schemas['ModelVersionSummary'];
export type RegistryState = Schemas['RegistryState'];

export const TOURNAMENT_METRICS = tournamentMetricValues;
export type TournamentMetric = Schemas['TournamentMetric'];

export type TournamentEntry = Schemas['TournamentEntry'];
export type Tournament = Schemas['Tournament'];
export type TournamentState = Schemas['TournamentState'];
export type FeatureDrift = Schemas['FeatureDrift'];
export type DistributionBin = Schemas['DistributionBin'];
export type DriftWindowSummary = Schemas['DriftWindowSummary'];
export type DriftState = Schemas['DriftState'];
export type ExpectationResult = Schemas['ExpectationResult'];
export type DatasetHealth = Schemas['DatasetHealth'];
export type PipelineHealth = Schemas['PipelineHealth'];
export type JobRunSummary = Schemas['JobRunSummary'];
export type ModelOverview = Schemas['ModelOverview'];
export type ModelHealth = Schemas['ModelHealth'];
export type PortfolioItem = Schemas['PortfolioItem'];
export type Portfolio = Schemas['Portfolio'];
export type FeatureComparison = Schemas['FeatureComparison'];
export type DriftComparison = Schemas['DriftComparison'];
