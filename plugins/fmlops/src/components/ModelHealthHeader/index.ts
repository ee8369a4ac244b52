export { ModelHealthHeader, operationLabel } from './ModelHealthHeader';
