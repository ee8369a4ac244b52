export { RegistryCard } from './RegistryCard';
