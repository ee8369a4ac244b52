export { ModelCoordinatesCard } from './ModelCoordinatesCard';
