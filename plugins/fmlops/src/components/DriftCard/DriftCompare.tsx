import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  DriftComparison,
  FeatureComparison,
} from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useModelRef } from '../../hooks/useModelRef';
import { errorMessage } from '../../lib/errors';
import { formatNumber, formatWindow } from '../../lib/format';
import { StatusChip } from '../common/DriftStatusChip';
import { DataTable } from '../common/DataTable';

/** Each bin's share of its window, so windows of different sizes compare. */
function histogramShares(feature: FeatureComparison) {
  const fromTotal = feature.bins.reduce((s, b) => s + b.fromCount, 0) || 1;
  const toTotal = feature.bins.reduce((s, b) => s + b.toCount, 0) || 1;
  return feature.bins.map(bin => ({
    label: bin.label,
    from: bin.fromCount / fromTotal,
    to: bin.toCount / toTotal,
  }));
}

const Histogram = (props: {
  feature: FeatureComparison;
  from: string;
  to: string;
}) => (
  <Box
    data-testid="fmlops-drift-histogram"
    aria-label={`Histograms of ${props.feature.feature}`}
  >
    <ResponsiveContainer
      width="100%"
      height={220}
      initialDimension={{ width: 520, height: 220 }}
    >
      <BarChart data={histogramShares(props.feature)}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)} %`} />
        <Tooltip
          formatter={(value: unknown) =>
            typeof value === 'number'
              ? `${(value * 100).toFixed(1)} %`
              : String(value)
          }
        />
        <Legend />
        <Bar
          dataKey="from"
          name={formatWindow(props.from)}
          fill="#1565c0"
          isAnimationActive={false}
        />
        <Bar
          dataKey="to"
          name={formatWindow(props.to)}
          fill="#ef6c00"
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  </Box>
);

const ComparisonResult = ({ comparison }: { comparison: DriftComparison }) => {
  const [selected, setSelected] = useState(comparison.features[0]?.feature);
  const feature =
    comparison.features.find(f => f.feature === selected) ??
    comparison.features[0];
  if (!feature) {
    return (
      <Typography variant="body2">The two windows share no feature.</Typography>
    );
  }
  return (
    <>
      <DataTable
        aria-label="Window comparison"
        data-testid="fmlops-drift-compare-table"
      >
        <TableHead>
          <TableRow>
            <TableCell>Feature</TableCell>
            <TableCell align="right">PSI</TableCell>
            <TableCell align="right">JS distance</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {comparison.features.map(f => (
            <TableRow
              key={f.feature}
              hover
              selected={f.feature === feature.feature}
              onClick={() => setSelected(f.feature)}
              style={{ cursor: 'pointer' }}
              data-testid="fmlops-drift-compare-row"
            >
              <TableCell>{f.feature}</TableCell>
              <TableCell align="right">{formatNumber(f.psi)}</TableCell>
              <TableCell align="right">{formatNumber(f.jsDistance)}</TableCell>
              <TableCell>
                <StatusChip status={f.status} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        {feature.feature}: share of each bin
      </Typography>
      <Histogram feature={feature} from={comparison.from} to={comparison.to} />
    </>
  );
};

/** Compares any two drift windows feature by feature, from the stored histograms. */
export const DriftCompare = ({ windows }: { windows: string[] }) => {
  const api = useApi(fmlopsApiRef);
  const model = useModelRef();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [state, setState] = useState<{
    loading: boolean;
    comparison?: DriftComparison;
    error?: string;
  }>({ loading: false });

  const sameWindow = from !== '' && from === to;
  const compare = async () => {
    setState({ loading: true });
    try {
      const comparison = await api.compareDrift(model, { from, to });
      setState({ loading: false, comparison });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  };
  const windowSelect = (
    label: string,
    value: string,
    onChange: (v: string) => void,
    testId: string,
  ) => (
    <FormControl size="small" style={{ minWidth: 220 }}>
      <InputLabel id={`${testId}-label`}>{label}</InputLabel>
      <Select
        labelId={`${testId}-label`}
        value={value}
        onChange={e => onChange(e.target.value as string)}
        data-testid={testId}
      >
        {windows.map(w => (
          <MenuItem key={w} value={w}>
            {formatWindow(w)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );

  if (windows.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        Comparing windows needs at least two drift windows.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box
        display="flex"
        alignItems="flex-end"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        {windowSelect(
          'From window',
          from,
          setFrom,
          'fmlops-drift-compare-from',
        )}
        {windowSelect('To window', to, setTo, 'fmlops-drift-compare-to')}
        <Button
          variant="outlined"
          color="primary"
          disabled={!from || !to || sameWindow || state.loading}
          onClick={compare}
        >
          Compare
        </Button>
      </Box>
      {sameWindow && (
        <Typography variant="caption" color="error">
          Choose two different windows.
        </Typography>
      )}
      {state.error && <Alert severity="error">{state.error}</Alert>}
      {state.comparison && (
        <ComparisonResult
          // a new comparison starts with its first feature selected
          key={`${state.comparison.from}-${state.comparison.to}`}
          comparison={state.comparison}
        />
      )}
    </Box>
  );
};
