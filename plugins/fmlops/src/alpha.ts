export { fmlopsPlugin as default } from './alpha/plugin';
export { isFmlopsEntity } from './isFmlopsEntity';
export { portfolioRouteRef } from './alpha/routes';
