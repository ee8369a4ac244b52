export { OperationsCard } from './OperationsCard';
export type { OperationsCardProps } from './OperationsCard';
