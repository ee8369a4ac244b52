import type { ObservedJobRun } from './reconcile';

/**
 * Where a job run the operation waits on stands: still going (the message says how), succeeded,
 * or ended otherwise (the message says how). Retraining and promotion between environments wait
 * on runs alike.
 */
export function jobRunOutcome(
  run: ObservedJobRun | undefined,
  awaitedRunId: string | undefined,
  label: string,
):
  | { kind: 'going'; message: string }
  | { kind: 'succeeded'; message: string }
  | { kind: 'ended'; message: string } {
  if (!run) {
    return {
      kind: 'going',
      message: `waiting for job run ${awaitedRunId ?? ''}`,
    };
  }
  if (
    !['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(run.lifeCycleState)
  ) {
    return {
      kind: 'going',
      message: `${label} run ${run.runId} is ${run.lifeCycleState}`,
    };
  }
  if (run.lifeCycleState === 'TERMINATED' && run.resultState === 'SUCCESS') {
    return {
      kind: 'succeeded',
      message: `${label} run ${run.runId} succeeded`,
    };
  }
  return {
    kind: 'ended',
    message: `${label} run ${run.runId} ended ${run.lifeCycleState}${
      run.resultState ? `/${run.resultState}` : ''
    }${run.stateMessage ? `: ${run.stateMessage}` : ''}`,
  };
}
