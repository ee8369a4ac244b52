/**
 * fmlops: the MLOps of Databricks anomaly- and fraud-detection models in Backstage.
 * The root export serves the legacy frontend system; `/alpha` serves the new one.
 *
 * @packageDocumentation
 */
export {
  fmlopsPlugin,
  FmlopsPortfolioPage,
  EntityFmlopsContent,
  EntityFmlopsServingCard,
  EntityFmlopsChampionChallengerCard,
  EntityFmlopsLeaderboardCard,
  EntityFmlopsDriftCard,
  EntityFmlopsPipelineHealthCard,
  EntityFmlopsDeploymentHistoryCard,
  EntityFmlopsOperationsCard,
  EntityFmlopsModelCoordinatesCard,
} from './plugin';
export { fmlopsApiRef, FmlopsClient } from './api';
export type { FmlopsApi, ModelRef } from './api';
export { isFmlopsEntity } from './isFmlopsEntity';
export type { ServingSplitCardProps } from './components/ServingSplitCard';
export type { ChampionChallengerCardProps } from './components/ChampionChallengerCard';
export type { LeaderboardCardProps } from './components/LeaderboardCard';
export type { DriftCardProps } from './components/DriftCard';
export type { PipelineHealthCardProps } from './components/PipelineHealthCard';
export type { DeploymentHistoryCardProps } from './components/DeploymentHistoryCard';
export type { OperationsCardProps } from './components/OperationsCard';
export type { MlopsContentProps } from './components/MlopsContent';
export type { PortfolioPageProps } from './components/PortfolioPage';
export {
  isFmlopsAvailable,
  missingFmlopsAnnotations,
} from '@fmlops/backstage-plugin-fmlops-common';
