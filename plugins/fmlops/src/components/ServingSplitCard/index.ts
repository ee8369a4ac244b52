export { ServingSplitCard } from './ServingSplitCard';
export type { ServingSplitCardProps } from './ServingSplitCard';
