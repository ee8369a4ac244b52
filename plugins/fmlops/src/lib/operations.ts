import type { Operation } from '@fmlops/backstage-plugin-fmlops-common';

/** The phases whose names do not read as words, as people say them. */
const PHASE_WORDS: Record<string, string> = {
  'awaiting-approval': 'waiting for another owner or an admin to approve',
  'starting-job': 'starting the promotion job',
  'waiting-for-job': 'waiting for the promotion job to copy the version',
  registering: 'registering the copied version as challenger',
  gating: 'checking the copy against this environment’s gate',
  'checking-health': 'checking health',
  'setting-aliases': 'setting aliases',
  'rolling-back': 'rolling back',
};

/** An operation's phase in words: `waiting-for-job` is "waiting for the promotion job to copy the version". */
export function describePhase(phase: string): string {
  return PHASE_WORDS[phase] ?? phase.replace(/-/g, ' ');
}

/** An operation's status in words (`awaiting-approval` is "awaiting approval"). */
export function describeStatus(status: Operation['status'] | string): string {
  return status.replace(/-/g, ' ');
}

/** A promotion between environments as people say it: "Promotion from acc to prd". */
export function describeEnvironments(operation: Operation): string | undefined {
  if (operation.type !== 'promote-to-env') {
    return undefined;
  }
  const from = operation.sourceEnvironment
    ? ` from ${operation.sourceEnvironment}`
    : '';
  const to = operation.environment ? ` to ${operation.environment}` : '';
  return `Promotion${from}${to}`;
}
