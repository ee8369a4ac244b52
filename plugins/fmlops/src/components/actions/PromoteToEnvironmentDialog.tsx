import { useEffect, useId, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type {
  ModelPolicy,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { errorMessage } from '../../lib/errors';
import { ReasonDialog } from './ReasonDialog';
import type { VersionOption } from './SplitDialog';

/** What the target environment's policy asks of a promotion into it. */
const ApprovalNote = (props: {
  target: string;
  policy: { loading: boolean; value?: ModelPolicy; error?: Error };
}) => {
  const { target, policy } = props;
  if (policy.loading) {
    return <Alert severity="info">Reading the policy of {target}…</Alert>;
  }
  if (!policy.value) {
    return (
      <Alert severity="warning" data-testid="fmlops-promote-approval">
        The policy of {target} could not be read
        {policy.error ? ` (${errorMessage(policy.error)})` : ''}; the portal
        applies it when the promotion is requested.
      </Alert>
    );
  }
  const { name, promotion } = policy.value;
  return promotion?.requireApproval ? (
    <Alert severity="warning" data-testid="fmlops-promote-approval">
      The policy of {target} (“{name}”) requires approval: the promotion waits
      until another owner or an admin approves it, then copies the version and
      rolls it out.
    </Alert>
  ) : (
    <Alert severity="info" data-testid="fmlops-promote-approval">
      The policy of {target} (“{name}”) needs no approval: the version is copied
      into {target}, checked against its gate and rolled out.
    </Alert>
  );
};

/**
 * Asks which version of this environment to promote into the next one, saying whether the next
 * one's policy makes the promotion wait for an approval.
 */
export const PromoteToEnvironmentDialog = (props: {
  open: boolean;
  source: string;
  target: string;
  versions: VersionOption[];
  /** the version chosen first: the source environment's champion */
  defaultVersion?: string;
  policy: { loading: boolean; value?: ModelPolicy; error?: Error };
  busy?: boolean;
  onCancel: () => void;
  onConfirm: (request: OperationRequest) => void;
}) => {
  const { open, source, target, versions, defaultVersion } = props;
  const fieldId = useId();
  // the user's choice, kept apart from the proposal: `versions` is a new array at every overview
  // poll, so resetting on it would drop a version chosen in the open dialog
  const [choice, setChoice] = useState<string>();
  useEffect(() => {
    if (open) {
      setChoice(undefined);
    }
  }, [open]);
  const version = choice ?? defaultVersion ?? versions[0]?.version ?? '';
  return (
    <ReasonDialog
      open={open}
      title={`Promote to ${target}`}
      confirmLabel={`Promote to ${target}`}
      busy={props.busy}
      validationError={version ? undefined : 'Choose a version.'}
      onCancel={props.onCancel}
      onConfirm={reason =>
        props.onConfirm({
          type: 'promote-to-env',
          sourceEnvironment: source,
          sourceVersion: version,
          ...(reason ? { reason } : {}),
        })
      }
    >
      <ApprovalNote target={target} policy={props.policy} />
      <TextField
        select
        id={fieldId}
        label={`Version of ${source} to promote`}
        value={version}
        onChange={e => setChoice(e.target.value)}
        SelectProps={{ native: true }}
        fullWidth
        margin="normal"
        inputProps={{ 'data-testid': 'fmlops-promote-source-version' }}
        helperText={`A copy of it becomes the challenger in ${target}.`}
      >
        {versions.map(v => (
          <option key={v.version} value={v.version}>
            v{v.version}
            {v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}
          </option>
        ))}
      </TextField>
    </ReasonDialog>
  );
};
