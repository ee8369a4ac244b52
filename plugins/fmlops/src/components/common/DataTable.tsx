import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    // a header reads on one line: the table scrolls sideways on a narrow card instead
    '& thead th': { whiteSpace: 'nowrap' },
    // digits of equal width, so right-aligned numbers line up
    '& td': { fontVariantNumeric: 'tabular-nums' },
  },
});

/** A dense table of the fmlops cards: headers on one line, numbers aligned, scrolling when narrow. */
export const DataTable = (props: {
  'aria-label': string;
  'data-testid'?: string;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <div className={classes.scroll}>
      <Table
        size="small"
        aria-label={props['aria-label']}
        data-testid={props['data-testid']}
        className={classes.table}
      >
        {props.children}
      </Table>
    </div>
  );
};
