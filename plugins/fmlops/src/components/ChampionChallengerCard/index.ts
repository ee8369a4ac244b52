export { ChampionChallengerCard } from './ChampionChallengerCard';
export type { ChampionChallengerCardProps } from './ChampionChallengerCard';
