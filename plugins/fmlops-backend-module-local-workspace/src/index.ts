/**
 * The local set-up's Databricks workspace, as a module of the fmlops backend plugin.
 *
 * @packageDocumentation
 */
export { fmlopsModuleLocalWorkspace as default } from './module';
