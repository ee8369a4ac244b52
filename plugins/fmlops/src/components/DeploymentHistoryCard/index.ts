export { DeploymentHistoryCard } from './DeploymentHistoryCard';
export type { DeploymentHistoryCardProps } from './DeploymentHistoryCard';
