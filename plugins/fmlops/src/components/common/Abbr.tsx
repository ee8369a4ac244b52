import Tooltip from '@material-ui/core/Tooltip';

/** What the abbreviations on the cards stand for. */
export const ABBREVIATIONS = {
  PSI: 'Population Stability Index: how far a feature’s distribution moved from the reference',
  JS: 'Jensen-Shannon (base 2): a symmetric measure of the distance between two distributions',
  p50: 'median latency (50th percentile)',
  p99: '99th percentile latency: 1 request in 100 is slower',
  'PR AUC': 'area under the precision-recall curve (average precision)',
  DLT: 'Delta Live Tables (Lakeflow declarative pipelines)',
  UC: 'Unity Catalog',
  MLflow: 'the MLflow experiment the tournament logs its runs to',
} as const;

/** An abbreviation with what it stands for, in a tooltip and for screen readers. */
export const Abbr = (props: {
  of: keyof typeof ABBREVIATIONS;
  title?: string;
}) => {
  const title = props.title ?? ABBREVIATIONS[props.of];
  return (
    <Tooltip title={title}>
      <abbr style={{ textDecoration: 'underline dotted', cursor: 'help' }}>
        {props.of}
      </abbr>
    </Tooltip>
  );
};
