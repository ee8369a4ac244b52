export { EnvironmentTabs } from './EnvironmentTabs';
