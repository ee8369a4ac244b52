import { createRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The portfolio page in the new frontend system.
 *
 * @public
 */
export const portfolioRouteRef = createRouteRef();
