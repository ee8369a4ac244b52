/***/
/**
 * The fmlops backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleFmlops as default } from './module';
