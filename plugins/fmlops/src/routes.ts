import { createRouteRef } from '@backstage/core-plugin-api';

/** The portfolio page (every model with its health). */
export const rootRouteRef = createRouteRef({ id: 'fmlops' });
