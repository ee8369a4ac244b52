/**
 * fmlops: the MLOps of Databricks anomaly- and fraud-detection models in Backstage.
 * The root export serves the legacy frontend system; `/alpha` serves the new one.
 *
 * @packageDocumentation
 */
export { fmlopsPlugin, EntityFmlopsModelCoordinatesCard } from './plugin';
export {
  isFmlopsAvailable,
  missingFmlopsAnnotations,
} from '@fmlops/backstage-plugin-fmlops-common';
