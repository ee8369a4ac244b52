export { ModelHealthHeader } from './ModelHealthHeader';
