import { ReactElement } from 'react';
import Tooltip from '@material-ui/core/Tooltip';

/** Shows the reasons for a health on hover over its chip, one a line; `noIssue` when there are none. */
export const HealthTooltip = (props: {
  reasons: string[];
  /** what the tooltip says when nothing is wrong */
  noIssue: string;
  children: ReactElement;
}) => (
  <Tooltip
    title={props.reasons.length ? props.reasons.join('\n') : props.noIssue}
  >
    {props.children}
  </Tooltip>
);
