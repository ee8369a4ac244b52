import type { FmlopsApiSchemas as Schemas } from '../schema/schemas';
import { tournamentMetricValues } from '../schema/openapi.generated';

/**
 * What the backend serves and the frontend shows: a model's MLOps state, read from Databricks.
 * The types are the API spec's schemas (fmlops-backend/src/schema/openapi.yaml), so the
 * backend, the frontend and the spec cannot drift apart.
 */

/**
 * A section of the overview: its data, or why it could not be read (`not-configured`: the
 * entity does not declare what this section needs, e.g. no drift table annotation). Every
 * section is fetched on its own, so one failing Databricks API leaves the others intact.
 *
 * @public
 */
export type Section<T> =
  | { status: 'ok'; data: T }
  | Schemas['SectionUnavailable']
  | Schemas['SectionNotConfigured'];

/** @public */
export type Freshness = Schemas['Freshness'];
/** @public */
export type ServedVersionMetrics = Schemas['ServedVersionMetrics'];
/** @public */
export type ServedVersion = Schemas['ServedVersion'];
/**
 * One minute of a served version's traffic, as the overview charts it.
 *
 * @public
 */
export type ServingMinute = Schemas['ServingMinute'];
/** @public */
export type EndpointReadiness = Schemas['EndpointReadiness'];
/** @public */
export type ConfigUpdateState = Schemas['ConfigUpdateState'];
/** @public */
export type ServingState = Schemas['ServingState'];
/** @public */
export type ModelVersionSummary = Schemas['ModelVersionSummary'];
/** @public */
export type RegistryState = Schemas['RegistryState'];

/** @public */
export const TOURNAMENT_METRICS = tournamentMetricValues;
/** @public */
export type TournamentMetric = Schemas['TournamentMetric'];

/** @public */
export type TournamentEntry = Schemas['TournamentEntry'];
/** @public */
export type Tournament = Schemas['Tournament'];
/** @public */
export type TournamentState = Schemas['TournamentState'];
/** @public */
export type FeatureDrift = Schemas['FeatureDrift'];
/** @public */
export type DistributionBin = Schemas['DistributionBin'];
/** @public */
export type DriftWindowSummary = Schemas['DriftWindowSummary'];
/** @public */
export type DriftState = Schemas['DriftState'];
/** @public */
export type ExpectationResult = Schemas['ExpectationResult'];
/** @public */
export type DatasetHealth = Schemas['DatasetHealth'];
/** @public */
export type PipelineHealth = Schemas['PipelineHealth'];
/** @public */
export type JobRunSummary = Schemas['JobRunSummary'];
/** @public */
export type ModelOverview = Schemas['ModelOverview'];
/** @public */
export type ModelHealth = Schemas['ModelHealth'];
/** @public */
export type PortfolioItem = Schemas['PortfolioItem'];
/** @public */
export type Portfolio = Schemas['Portfolio'];
/** @public */
export type EnvironmentRef = Schemas['EnvironmentRef'];
/** @public */
export type EnvironmentStatus = Schemas['EnvironmentStatus'];
/** @public */
export type FeatureComparison = Schemas['FeatureComparison'];
/** @public */
export type DriftComparison = Schemas['DriftComparison'];
