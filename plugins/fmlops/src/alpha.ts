export { fmlopsPlugin as default, isFmlopsEntity } from './alpha/plugin';
