import { ReactNode } from 'react';
import { EmptyState, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { Section } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * Renders one overview section: its data, or why it is missing. A section that Databricks
 * could not serve shows its reason in place, while the other sections render normally.
 */
export function SectionContent<T>(props: {
  section: Section<T> | undefined;
  /** what the section is, for the messages: "Serving", "Drift", ... */
  label: string;
  children: (data: T) => ReactNode;
}) {
  const { section, label, children } = props;
  if (!section) {
    return <Progress />;
  }
  if (section.status === 'unavailable') {
    return (
      <Alert severity="warning" data-testid="fmlops-section-unavailable">
        {label} is unavailable right now: {section.reason}
      </Alert>
    );
  }
  if (section.status === 'not-configured') {
    return (
      <EmptyState
        missing="field"
        title={`${label} is not configured for this model`}
        description={
          <Typography variant="body2" component="span">
            {section.reason}
          </Typography>
        }
      />
    );
  }
  return <>{children(section.data)}</>;
}
