export { PipelineHealthCard } from './PipelineHealthCard';
export type { PipelineHealthCardProps } from './PipelineHealthCard';
