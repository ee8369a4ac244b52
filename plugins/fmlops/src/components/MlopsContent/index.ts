export { MlopsContent } from './MlopsContent';
export type { MlopsContentProps } from './MlopsContent';
