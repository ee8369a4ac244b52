export { fmlopsApiRef } from './FmlopsApi';
export type { FmlopsApi, ModelRef } from './FmlopsApi';
export { FmlopsClient } from './FmlopsClient';
