import type {
  AuditEvent,
  Evidence,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * One decision in the deployment history: an operation from its start to its end (the
 * guardian's decision, the operation it started and its outcome are one entry), or an event
 * that stands alone (an alias sync).
 */
export interface HistoryDecision {
  /** stable id, usable as a DOM anchor */
  id: string;
  operationId?: string;
  /** the environment it acted in, when the history names one */
  environment?: string;
  /** what was decided: the first event's type (an automatic rollback stays one) */
  type: AuditEvent['type'];
  /** who decided it */
  actor: string;
  reason?: string;
  /** where it ended, or `started` while it runs */
  outcome: AuditEvent['outcome'];
  /** what happened at the end, when it differs from why it started */
  endReason?: string;
  startedAt: string;
  endedAt: string;
  before?: TrafficRoute[];
  after?: TrafficRoute[];
  /** every event of the decision, oldest first */
  steps: AuditEvent[];
  /** the evidence of every step, each piece once */
  evidence: Evidence[];
}

const ROLLBACKS = new Set<AuditEvent['type']>(['rollback', 'auto-rollback']);
const AUTOMATIC = new Set<AuditEvent['type']>([
  'auto-rollback',
  'auto-retrain',
]);

/** The history (newest first, as the API gives it) as one entry per decision, newest first. */
export function groupDecisions(events: AuditEvent[]): HistoryDecision[] {
  const groups = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const key = event.operationId ? `op:${event.operationId}` : event.id;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const decisions = [...groups].map(([key, group]) => {
    const steps = [...group].sort((a, b) => a.at.localeCompare(b.at));
    const first = steps[0];
    const last = steps[steps.length - 1];
    const seen = new Set<string>();
    const evidence = steps
      .flatMap(s => s.evidence ?? [])
      .filter(e => {
        const id = `${e.at}|${e.kind}|${e.summary}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    // the guardian records its decision (auto-rollback) after starting the operation it decided
    const automatic = steps.find(
      step => AUTOMATIC.has(step.type) && step.actor === first.actor,
    );
    return {
      id: key.replace(/[^A-Za-z0-9_-]/g, '-'),
      operationId: first.operationId,
      environment: steps.find(s => s.environment)?.environment,
      type: automatic?.type ?? first.type,
      actor: first.actor,
      reason: first.reason ?? last.reason,
      outcome: last.outcome,
      endReason:
        last !== first && last.reason && last.reason !== first.reason
          ? last.reason
          : undefined,
      startedAt: first.at,
      endedAt: last.at,
      before: steps.find(s => s.before)?.before,
      after: [...steps].reverse().find(s => s.after)?.after,
      steps,
      evidence,
    } satisfies HistoryDecision;
  });
  return decisions.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

const serving = (routes: TrafficRoute[] | undefined) =>
  new Set(
    (routes ?? [])
      .filter(r => r.trafficPercentage > 0)
      .map(r => String(r.modelVersion)),
  );

/**
 * The versions a decision took out of serving because they misbehaved: what a rollback removed,
 * or the new version of a promotion that failed or was rolled back.
 */
export function rejectedVersions(decision: HistoryDecision): string[] {
  const finalServing = serving(decision.after);
  if (ROLLBACKS.has(decision.type)) {
    const before = new Set(decision.steps.flatMap(s => [...serving(s.before)]));
    return [...before].filter(v => !finalServing.has(v));
  }
  if (
    decision.type === 'promote' &&
    (decision.outcome === 'rolled-back' || decision.outcome === 'failed')
  ) {
    const original = serving(decision.before);
    const tried = new Set(decision.steps.flatMap(s => [...serving(s.after)]));
    return [...tried].filter(v => !original.has(v) && !finalServing.has(v));
  }
  return [];
}

/** The newest decision that took `version` out of serving, if any. */
export function lastRejection(
  decisions: HistoryDecision[],
  version: string | undefined,
): HistoryDecision | undefined {
  if (!version) return undefined;
  return decisions.find(d => rejectedVersions(d).includes(String(version)));
}
