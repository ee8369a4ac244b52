import type { components } from './openapi.generated';

/**
 * The HTTP API's schemas, generated from the backend's OpenAPI spec: the model types are these.
 *
 * @public
 */
export type FmlopsApiSchemas = components['schemas'];
