import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  isFmlopsAvailable,
  ML_MODEL_TYPE,
  ML_PIPELINE_TYPE,
} from '@fmlops/backstage-plugin-fmlops-common';

/** fmlops content shows on ml-model resources and ml-pipeline components that carry the annotations. */
export function isFmlopsEntity(entity: Entity): boolean {
  const type = (entity.spec as { type?: string } | undefined)?.type;
  return (
    (type === ML_MODEL_TYPE || type === ML_PIPELINE_TYPE) &&
    isFmlopsAvailable(entity)
  );
}

const entityModelCoordinatesCard = EntityCardBlueprint.make({
  name: 'model-coordinates',
  params: {
    filter: isFmlopsEntity,
    loader: () =>
      import('../components/ModelCoordinatesCard').then(m => (
        <m.ModelCoordinatesCard />
      )),
  },
});

const entityMlopsContent = EntityContentBlueprint.make({
  name: 'mlops',
  params: {
    path: 'mlops',
    title: 'MLOps',
    filter: isFmlopsEntity,
    loader: () =>
      import('../components/ModelCoordinatesCard').then(m => (
        <m.ModelCoordinatesCard />
      )),
  },
});

/**
 * fmlops for the new frontend system.
 *
 * @alpha
 */
export const fmlopsPlugin = createFrontendPlugin({
  pluginId: 'fmlops',
  title: 'fmlops',
  extensions: [entityModelCoordinatesCard, entityMlopsContent],
});
