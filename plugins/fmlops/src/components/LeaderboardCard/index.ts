export { LeaderboardCard } from './LeaderboardCard';
export type { LeaderboardCardProps } from './LeaderboardCard';
