import { ModelCoordinates } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * What an operation acts on, `<workspace alias>/<serving endpoint>`: the key of the
 * one-active-operation lock and of the history. A Resource and its Component that name the same
 * endpoint are one model to operate, whichever entity an operation is started through.
 */
export function servingTargetOf(model: {
  coordinates: Pick<ModelCoordinates, 'workspace' | 'servingEndpoint'>;
}): string {
  return `${model.coordinates.workspace}/${model.coordinates.servingEndpoint}`;
}

/**
 * The key rows written before operations were keyed by endpoint carry (migration
 * 20261201120000_serving_target), until the controller or the adoption task moves them.
 */
export function legacyTargetOf(entityRef: string): string {
  return `entity:${entityRef}`;
}
