import { useMemo, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import type {
  OperationRequest,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { useModelOperations } from '../../hooks/useModelOperations';
import { useOverview } from '../../hooks/useOverview';
import { ActionButton } from '../common/ActionButton';
import { PromoteToEnvironmentAction } from '../actions/PromoteToEnvironmentAction';
import { ReasonDialog } from '../actions/ReasonDialog';
import { SplitDialog, VersionOption } from '../actions/SplitDialog';
import { OperationProgress } from './OperationProgress';

/**
 * Props of the operations card.
 *
 * @public
 */
export interface OperationsCardProps {
  title?: string;
}

type DialogKind =
  | 'set-split'
  | 'rollback'
  | 'retrain'
  | 'abort'
  | 'pause'
  | 'resume'
  | 'approve'
  | 'reject';

const REASON_DIALOGS: Record<
  Exclude<DialogKind, 'set-split'>,
  { title: string; confirmLabel: string; reasonRequired: boolean; text: string }
> = {
  rollback: {
    title: 'Roll back the serving endpoint',
    confirmLabel: 'Roll back',
    reasonRequired: true,
    text: 'Serving returns to the last known-good configuration and the champion alias follows it.',
  },
  retrain: {
    title: 'Retrain the model',
    confirmLabel: 'Start retraining',
    reasonRequired: false,
    text: 'Runs the tournament job; its winner becomes the challenger.',
  },
  abort: {
    title: 'Abort the operation',
    confirmLabel: 'Abort',
    reasonRequired: true,
    text: 'A rollout being aborted returns its traffic to the champion.',
  },
  pause: {
    title: 'Pause the rollout',
    confirmLabel: 'Pause',
    reasonRequired: false,
    text: 'The rollout stays at its current step until it is resumed.',
  },
  resume: {
    title: 'Resume the rollout',
    confirmLabel: 'Resume',
    reasonRequired: false,
    text: 'The rollout continues from its current step.',
  },
  approve: {
    title: 'Approve the promotion',
    confirmLabel: 'Approve',
    reasonRequired: true,
    text: 'The version is copied into this environment, checked against its gate and rolled out.',
  },
  reject: {
    title: 'Reject the promotion',
    confirmLabel: 'Reject',
    reasonRequired: true,
    text: 'The promotion ends here; nothing is copied or served.',
  },
};

/**
 * Operations on the model: the running one with live progress (pause, resume, abort), and
 * adjusting the split, rolling back and retraining.
 */
export const OperationsCard = (props: OperationsCardProps) => {
  const { title = 'Operations' } = props;
  const operations = useModelOperations();
  const { overview } = useOverview();
  const [dialog, setDialog] = useState<DialogKind>();

  const serving =
    overview?.serving.status === 'ok' ? overview.serving.data : undefined;
  const registry =
    overview?.registry.status === 'ok' ? overview.registry.data : undefined;
  const currentRoutes: TrafficRoute[] = useMemo(
    () =>
      serving?.servedVersions.map(v => ({
        modelVersion: v.modelVersion,
        trafficPercentage: v.trafficPercentage,
      })) ?? [],
    [serving],
  );
  const versionOptions: VersionOption[] = useMemo(
    () =>
      registry?.versions.map(v => ({
        version: v.version,
        aliases: v.aliases,
      })) ??
      serving?.servedVersions.map(v => ({
        version: v.modelVersion,
        aliases: v.aliases,
      })) ??
      [],
    [registry, serving],
  );

  const submit = async (request: OperationRequest) => {
    const result = await operations.submit(request);
    if (result) {
      setDialog(undefined);
    }
  };
  const button = (kind: DialogKind, label: string, extraBlock?: string) => (
    <ActionButton
      disabledReason={operations.blockedReason(kind) ?? extraBlock}
      onClick={() => setDialog(kind)}
      data-testid={`fmlops-action-${kind}`}
    >
      {label}
    </ActionButton>
  );
  const reasonDialog =
    dialog && dialog !== 'set-split' ? REASON_DIALOGS[dialog] : undefined;

  return (
    <InfoCard title={title}>
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        {operations.active ? (
          <>
            <OperationProgress operation={operations.active} />
            <Box display="flex" style={{ gap: 8 }}>
              {operations.active.status === 'awaiting-approval' ? (
                <>
                  {button('approve', 'Approve')}
                  {button('reject', 'Reject')}
                </>
              ) : (
                <>
                  {button('pause', 'Pause')}
                  {button('resume', 'Resume')}
                </>
              )}
              {button('abort', 'Abort')}
            </Box>
          </>
        ) : (
          <>
            <Typography variant="body2" color="textSecondary">
              No operation is running.
            </Typography>
            {/* what the one this page followed did, e.g. where a promoted copy came from */}
            {operations.lastFinished && (
              <OperationProgress
                operation={operations.lastFinished}
                data-testid="fmlops-last-operation"
              />
            )}
          </>
        )}
        <Divider />
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {button(
            'set-split',
            'Adjust split',
            serving
              ? undefined
              : 'The serving endpoint is not readable right now.',
          )}
          {button('rollback', 'Roll back')}
          {button('retrain', 'Retrain')}
          <PromoteToEnvironmentAction registry={registry} />
        </Box>
      </Box>
      <SplitDialog
        open={dialog === 'set-split'}
        current={currentRoutes}
        versions={versionOptions}
        busy={operations.submitting}
        onCancel={() => setDialog(undefined)}
        onConfirm={submit}
      />
      {reasonDialog && dialog && dialog !== 'set-split' && (
        <ReasonDialog
          open
          title={reasonDialog.title}
          confirmLabel={reasonDialog.confirmLabel}
          reasonRequired={reasonDialog.reasonRequired}
          busy={operations.submitting}
          onCancel={() => setDialog(undefined)}
          onConfirm={reason =>
            submit(
              // the backend requires these reasons (the dialog does too)
              dialog === 'rollback' ||
                dialog === 'abort' ||
                dialog === 'approve' ||
                dialog === 'reject'
                ? { type: dialog, reason: reason ?? '' }
                : { type: dialog, reason },
            )
          }
        >
          <Typography variant="body2">{reasonDialog.text}</Typography>
        </ReasonDialog>
      )}
    </InfoCard>
  );
};
