import { ReactNode, useEffect, useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';

/**
 * A confirmation dialog that asks for a reason (recorded in the audit trail). When the reason
 * is required, the confirm button stays disabled until there is one, and the field says why.
 */
export const ReasonDialog = (props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  reasonRequired?: boolean;
  busy?: boolean;
  children?: ReactNode;
  /** extra validation of the dialog's own fields; a message blocks confirming */
  validationError?: string;
  onCancel: () => void;
  onConfirm: (reason: string | undefined) => void;
}) => {
  const { open, reasonRequired, validationError } = props;
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (open) {
      setReason('');
      setTouched(false);
    }
  }, [open]);
  const missingReason = reasonRequired && !reason.trim();
  const blocked = Boolean(missingReason || validationError);
  const confirm = () => {
    if (!blocked) {
      props.onConfirm(reason.trim() || undefined);
    }
  };
  return (
    <Dialog open={open} onClose={props.onCancel} fullWidth maxWidth="sm">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        <TextField
          id={fieldId}
          label={reasonRequired ? 'Reason (required)' : 'Reason (optional)'}
          value={reason}
          onChange={e => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && Boolean(missingReason)}
          helperText={
            missingReason
              ? 'Required: say why, it goes into the deployment history.'
              : 'Recorded in the deployment history.'
          }
          fullWidth
          multiline
          margin="normal"
          data-testid="fmlops-reason-input"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={confirm}
          disabled={props.busy || blocked}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
