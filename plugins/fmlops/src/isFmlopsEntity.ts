import type { Entity } from '@backstage/catalog-model';
import {
  isFmlopsAvailable,
  ML_MODEL_TYPE,
  ML_PIPELINE_TYPE,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * fmlops content shows on `ml-model` resources and `ml-pipeline` components that carry the
 * required annotations.
 *
 * @public
 */
export function isFmlopsEntity(entity: Entity): boolean {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return (
    (type === ML_MODEL_TYPE || type === ML_PIPELINE_TYPE) &&
    isFmlopsAvailable(entity)
  );
}
