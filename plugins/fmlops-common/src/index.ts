/**
 * Isomorphic parts of fmlops shared by the frontend, the backend and the local workspace:
 * the catalog contract, the HTTP API's types (generated from its OpenAPI spec), permissions,
 * policies and the drift maths.
 *
 * @packageDocumentation
 */

export * from './catalog/annotations';
export * from './catalog/environments';
export * from './permissions/permissions';
export * from './drift';
export * from './model/types';
export * from './policy';
export * from './model/operations';
export * from './model/lineage';
export * from './health';
export * from './serving/window';
export * from './serving/lastRollout';
export * from './portfolio/query';
export type { FmlopsApiSchemas } from './schema/schemas';
export type {
  components as FmlopsApiComponents,
  paths as FmlopsApiPaths,
  operations as FmlopsApiOperations,
} from './schema/openapi.generated';
