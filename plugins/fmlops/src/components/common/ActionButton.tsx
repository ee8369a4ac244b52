import { ReactNode } from 'react';
import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * A button that says why it is disabled: the explanation shows as a tooltip and is the
 * button's accessible description, so it is also read out and testable.
 */
export const ActionButton = (
  props: Omit<ButtonProps, 'disabled'> & {
    /** why the action is not possible now; the button is enabled when undefined */
    disabledReason?: string;
    children: ReactNode;
  },
) => {
  const { disabledReason, children, ...buttonProps } = props;
  const button = (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      {...buttonProps}
      disabled={Boolean(disabledReason)}
      aria-description={disabledReason}
    >
      {children}
    </Button>
  );
  if (!disabledReason) {
    return button;
  }
  // a disabled button fires no mouse events: the wrapper carries the tooltip
  return (
    <Tooltip title={disabledReason}>
      <span>{button}</span>
    </Tooltip>
  );
};
