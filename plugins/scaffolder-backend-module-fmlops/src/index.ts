/**
 * The fmlops backend module for the scaffolder plugin: the actions of the
 * anomaly-detection-pipeline template.
 *
 * @packageDocumentation
 */

export { scaffolderModuleFmlops as default } from './module';
export {
  createPipelineValidateAction,
  PIPELINE_VALIDATE_ACTION_ID,
} from './actions/pipelineValidate';
export {
  createBundleValidateAction,
  BUNDLE_VALIDATE_ACTION_ID,
} from './actions/bundleValidate';
export {
  createModelRegisterAction,
  MODEL_REGISTER_ACTION_ID,
} from './actions/modelRegister';
export type { UnityCatalogModels } from './actions/modelRegister';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './actions/publishLocal';
export {
  createCatalogRegisterLocalAction,
  CATALOG_REGISTER_LOCAL_ACTION_ID,
} from './actions/catalogRegisterLocal';
export { checkBundle } from './domain/bundle/checkBundle';
export type {
  BundleCheckOptions,
  BundleReport,
} from './domain/bundle/checkBundle';
export { loadBundleSchema } from './domain/bundle/bundleSchema';
export type { BundleSchema } from './domain/bundle/bundleSchema';
export { formatBundleProblems } from './domain/bundle/problems';
export type { BundleProblem } from './domain/bundle/problems';
export { pipelineValueProblems } from './domain/values/pipelineValues';
export type { PipelineValuesContext } from './domain/values/crossFieldRules';
export type { ValueProblem } from './domain/values/problems';
export { unityCatalogIdentifierProblems } from './domain/values/unityCatalog';
export { quartzCronProblems } from './domain/quartzCron';
