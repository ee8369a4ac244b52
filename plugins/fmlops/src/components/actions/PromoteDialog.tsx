import { useEffect, useState } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  OperationRequest,
  RolloutPolicy,
  RolloutStrategy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ReasonDialog } from './ReasonDialog';
import { parseCanarySteps } from './steps';

/** Asks how to promote the challenger: all at once, or a canary in steps with bakes. */
export const PromoteDialog = (props: {
  open: boolean;
  challengerVersion?: string;
  rollout: RolloutPolicy;
  busy?: boolean;
  /** a reason is required, e.g. the challenger was rolled back before */
  reasonRequired?: boolean;
  /** why promoting needs a second thought, shown above the form */
  warning?: string;
  onCancel: () => void;
  onConfirm: (request: OperationRequest) => void;
}) => {
  const { open, rollout } = props;
  const [strategy, setStrategy] = useState<RolloutStrategy>(rollout.strategy);
  const [stepsText, setStepsText] = useState(rollout.steps.join(', '));
  useEffect(() => {
    if (open) {
      setStrategy(rollout.strategy);
      setStepsText(rollout.steps.join(', '));
    }
  }, [open, rollout]);
  const parsed = parseCanarySteps(stepsText);
  const stepsError =
    strategy === 'canary' && 'error' in parsed ? parsed.error : undefined;
  return (
    <ReasonDialog
      open={open}
      title={`Promote v${props.challengerVersion ?? '?'} to champion`}
      confirmLabel="Start promotion"
      busy={props.busy}
      reasonRequired={props.reasonRequired}
      validationError={stepsError}
      onCancel={props.onCancel}
      onConfirm={reason =>
        props.onConfirm({
          type: 'promote',
          strategy,
          ...(strategy === 'canary' && 'steps' in parsed
            ? { steps: parsed.steps }
            : {}),
          reason,
        })
      }
    >
      {props.warning && (
        <Alert severity="warning" data-testid="fmlops-promote-warning">
          {props.warning}
        </Alert>
      )}
      <FormControl component="fieldset" margin="normal">
        <FormLabel component="legend">Strategy</FormLabel>
        <RadioGroup
          row
          value={strategy}
          onChange={e => setStrategy(e.target.value as RolloutStrategy)}
        >
          <FormControlLabel
            value="canary"
            control={<Radio />}
            label="Canary (traffic in steps, health-checked)"
          />
          <FormControlLabel
            value="direct"
            control={<Radio />}
            label="Direct (100 % at once)"
          />
        </RadioGroup>
      </FormControl>
      {strategy === 'canary' ? (
        <TextField
          id="fmlops-canary-steps"
          label="Canary steps (% to the challenger)"
          value={stepsText}
          onChange={e => setStepsText(e.target.value)}
          error={Boolean(stepsError)}
          helperText={
            stepsError ??
            `Each step bakes ${rollout.bakeMinutes} min, then its health is checked.`
          }
          fullWidth
          inputProps={{ 'data-testid': 'fmlops-canary-steps' }}
        />
      ) : (
        <Typography variant="body2" color="textSecondary">
          All traffic moves to the challenger in one config update; the champion
          alias moves with it.
        </Typography>
      )}
    </ReasonDialog>
  );
};
