import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import type { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useAsyncRetryKeepingValue } from '../../hooks/useAsyncRetryKeepingValue';
import { useModelOperations } from '../../hooks/useModelOperations';
import { useModelRef } from '../../hooks/useModelRef';
import { formatSplit, formatTime } from '../../lib/format';
import { CardSkeleton, ErrorWithRetry } from '../common/OverviewCard';

/**
 * Props of the deployment history card.
 *
 * @public
 */
export interface DeploymentHistoryCardProps {
  title?: string;
  /** how many events to show, newest first */
  limit?: number;
}

const EVENT_LABEL: Record<AuditEvent['type'], string> = {
  promote: 'Promotion',
  'set-split': 'Traffic split',
  pause: 'Paused',
  resume: 'Resumed',
  abort: 'Aborted',
  rollback: 'Rollback',
  retrain: 'Retraining',
  'auto-rollback': 'Automatic rollback',
  'auto-retrain': 'Automatic retraining',
  'alias-sync': 'Champion alias follows serving',
};

/** Who did it, as people read it: a user's name, or the automation that decided. */
export function describeActor(actor: string): string {
  if (actor === 'fmlops:guardian') {
    return 'guardian (automatic)';
  }
  if (actor === 'fmlops:controller') {
    return 'controller (automatic)';
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

const HistoryEntry = ({
  event,
  last,
}: {
  event: AuditEvent;
  last: boolean;
}) => (
  <TimelineItem data-testid="fmlops-history-entry">
    <TimelineOppositeContent style={{ flex: 0.25 }}>
      <Typography variant="caption" color="textSecondary">
        {formatTime(event.at)}
      </Typography>
    </TimelineOppositeContent>
    <TimelineSeparator>
      <TimelineDot color={dotColour(event.outcome)} />
      {!last && <TimelineConnector />}
    </TimelineSeparator>
    <TimelineContent>
      <Typography variant="subtitle2">
        {EVENT_LABEL[event.type]} by {describeActor(event.actor)}{' '}
        <Chip size="small" label={event.outcome} />
      </Typography>
      {event.reason && (
        <Typography variant="body2">“{event.reason}”</Typography>
      )}
      {(event.before || event.after) && (
        <Typography variant="body2" color="textSecondary">
          {formatSplit(event.before)} → {formatSplit(event.after)}
        </Typography>
      )}
      {event.evidence?.map((evidence, index) => (
        <Typography
          // evidence is recorded in order and never reordered
          key={index}
          variant="caption"
          display="block"
          color="textSecondary"
        >
          {evidence.kind}: {evidence.summary}
        </Typography>
      ))}
    </TimelineContent>
  </TimelineItem>
);

/** Who changed the model's serving, when, why, and the split before and after. */
export const DeploymentHistoryCard = (props: DeploymentHistoryCardProps) => {
  const { title = 'Deployment history', limit = 20 } = props;
  const api = useApi(fmlopsApiRef);
  const model = useModelRef();
  const { active, lastFinished } = useModelOperations();
  const history = useAsyncRetryKeepingValue(
    () => api.getHistory(model),
    // an operation starting or ending adds events
    [api, model, active?.id, lastFinished?.id],
  );
  let content;
  if (history.value) {
    const events = history.value.items.slice(0, limit);
    content =
      events.length === 0 ? (
        <Typography variant="body2">
          Nothing has been deployed through fmlops yet.
        </Typography>
      ) : (
        <Timeline align="left" style={{ padding: 0 }}>
          {events.map((event, index) => (
            <HistoryEntry
              key={event.id}
              event={event}
              last={index === events.length - 1}
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
