export { assessModelHealth, worseHealth } from './assess';
export type {
  DriftObservation,
  HealthAssessment,
  HealthObservations,
  HealthReason,
  Observed,
  ServingObservation,
} from './assess';
