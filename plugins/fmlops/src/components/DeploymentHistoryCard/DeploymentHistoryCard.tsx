import { useEffect, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import type { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import {
  historyAnchor,
  useDeploymentHistory,
} from '../../hooks/useDeploymentHistory';
import { useModelEnvironments } from '../../hooks/useModelEnvironments';
import { formatSplit, formatTime } from '../../lib/format';
import type { HistoryDecision } from '../../lib/history';
import { CardSkeleton, ErrorWithRetry } from '../common/OverviewCard';

/**
 * Props of the deployment history card.
 *
 * @public
 */
export interface DeploymentHistoryCardProps {
  title?: string;
  /** how many decisions to show, newest first */
  limit?: number;
}

export const EVENT_LABEL: Record<AuditEvent['type'], string> = {
  promote: 'Promotion',
  'set-split': 'Traffic split',
  pause: 'Paused',
  resume: 'Resumed',
  abort: 'Aborted',
  rollback: 'Rollback',
  retrain: 'Retraining',
  'promote-to-env': 'Promotion from another environment',
  approve: 'Approved',
  reject: 'Rejected',
  'auto-rollback': 'Automatic rollback',
  'auto-retrain': 'Automatic retraining',
  'alias-sync': 'Champion alias follows serving',
  external: 'Changed outside the portal',
};

/** Who did it, as people read it: a user's name, or the automation that decided. */
export function describeActor(actor: string): string {
  if (actor === 'fmlops:guardian') {
    return 'guardian (automatic)';
  }
  if (actor === 'fmlops:controller') {
    return 'controller (automatic)';
  }
  if (actor === 'databricks:outside-fmlops') {
    return 'outside the portal';
  }
  const user = /^user:(?:[^/]+\/)?(.+)$/.exec(actor);
  return user ? user[1] : actor;
}

function dotColour(outcome: AuditEvent['outcome']) {
  if (outcome === 'succeeded') {
    return 'primary' as const;
  }
  if (outcome === 'failed' || outcome === 'rolled-back') {
    return 'secondary' as const;
  }
  return 'grey' as const;
}

const Steps = ({ decision }: { decision: HistoryDecision }) => (
  <div data-testid="fmlops-history-steps">
    {decision.steps.map(step => (
      <Typography
        key={step.id}
        variant="caption"
        display="block"
        data-testid="fmlops-history-step"
      >
        {formatTime(step.at)} · {EVENT_LABEL[step.type]} {step.outcome} by{' '}
        {describeActor(step.actor)}
        {step.reason ? ` — ${step.reason}` : ''}
      </Typography>
    ))}
    {decision.evidence.map((evidence, index) => (
      <Typography
        // evidence is recorded in order and never reordered
        key={index}
        variant="caption"
        display="block"
        color="textSecondary"
        data-testid="fmlops-history-evidence"
      >
        {evidence.kind}: {evidence.summary}
      </Typography>
    ))}
  </div>
);

const HistoryEntry = ({
  decision,
  last,
  expanded,
  onToggle,
  showEnvironment,
}: {
  decision: HistoryDecision;
  last: boolean;
  expanded: boolean;
  onToggle: () => void;
  /** a model in several environments names each entry's */
  showEnvironment: boolean;
}) => (
  <TimelineItem data-testid="fmlops-history-entry">
    <TimelineOppositeContent style={{ flex: 0.25 }}>
      <Typography variant="caption" color="textSecondary">
        {formatTime(decision.startedAt)}
      </Typography>
    </TimelineOppositeContent>
    <TimelineSeparator>
      <TimelineDot color={dotColour(decision.outcome)} />
      {!last && <TimelineConnector />}
    </TimelineSeparator>
    <TimelineContent>
      <Typography variant="subtitle2" id={historyAnchor(decision.id)}>
        {EVENT_LABEL[decision.type]} by {describeActor(decision.actor)}{' '}
        <Chip size="small" label={decision.outcome} />
        {showEnvironment && decision.environment && (
          <>
            {' '}
            <Chip
              size="small"
              variant="outlined"
              label={`in ${decision.environment}`}
              data-testid="fmlops-history-environment"
            />
          </>
        )}
      </Typography>
      {decision.reason && (
        <Typography variant="body2">“{decision.reason}”</Typography>
      )}
      {decision.endReason && (
        <Typography variant="body2">Ended: {decision.endReason}</Typography>
      )}
      {(decision.before || decision.after) && (
        <Typography variant="body2" color="textSecondary">
          {formatSplit(decision.before)} → {formatSplit(decision.after)}
        </Typography>
      )}
      {(decision.steps.length > 1 || decision.evidence.length > 0) && (
        <>
          <Button size="small" onClick={onToggle} aria-expanded={expanded}>
            {expanded ? 'Hide' : 'Show'} steps ({decision.steps.length}) and
            evidence ({decision.evidence.length})
          </Button>
          <Collapse in={expanded} unmountOnExit>
            <Steps decision={decision} />
          </Collapse>
        </>
      )}
    </TimelineContent>
  </TimelineItem>
);

/** The decision a link from another card (`#fmlops-history-…`) points at. */
function linkedDecision(): string | undefined {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith(historyAnchor(''))
    ? hash.slice(historyAnchor('').length)
    : undefined;
}

/** Who changed the model's serving, when, why, and the split before and after: one entry per decision. */
export const DeploymentHistoryCard = (props: DeploymentHistoryCardProps) => {
  const { title = 'Deployment history', limit = 20 } = props;
  const history = useDeploymentHistory();
  const { multiple } = useModelEnvironments();
  const [expanded, setExpanded] = useState<Set<string>>(
    () => new Set([linkedDecision()].filter((id): id is string => !!id)),
  );
  useEffect(() => {
    const onHashChange = () => {
      const id = linkedDecision();
      if (id) setExpanded(current => new Set(current).add(id));
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const toggle = (id: string) =>
    setExpanded(current => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  let content;
  if (history.decisions) {
    const decisions = history.decisions.slice(0, limit);
    content =
      decisions.length === 0 ? (
        <Typography variant="body2">
          Nothing has been deployed through fmlops yet.
        </Typography>
      ) : (
        <Timeline align="left" style={{ padding: 0 }}>
          {decisions.map((decision, index) => (
            <HistoryEntry
              key={decision.id}
              decision={decision}
              last={index === decisions.length - 1}
              expanded={expanded.has(decision.id)}
              onToggle={() => toggle(decision.id)}
              showEnvironment={multiple}
            />
          ))}
        </Timeline>
      );
  } else if (history.error) {
    content = <ErrorWithRetry error={history.error} onRetry={history.retry} />;
  } else {
    content = <CardSkeleton />;
  }
  return <InfoCard title={title}>{content}</InfoCard>;
};
