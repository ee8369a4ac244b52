export { fmlopsPlugin as default } from './plugin';
