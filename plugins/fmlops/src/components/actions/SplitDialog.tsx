import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import IconButton from '@material-ui/core/IconButton';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Slider from '@material-ui/core/Slider';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  OperationRequest,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { rebalanceSplit, sameSplit, validateSplit } from '../../lib/split';
import { ReasonDialog } from './ReasonDialog';

export interface VersionOption {
  version: string;
  aliases: string[];
}

/**
 * Edits the serving split with one slider per version; moving one rebalances the others so the
 * total stays 100 %. Versions from the registry can be added, served ones removed.
 */
export const SplitDialog = (props: {
  open: boolean;
  current: TrafficRoute[];
  versions: VersionOption[];
  busy?: boolean;
  onCancel: () => void;
  onConfirm: (request: OperationRequest) => void;
}) => {
  const { open, current, versions } = props;
  // the user's edit, kept apart from the served split: `current` is rebuilt at every overview
  // poll, so resetting on it would drop an edit made in the open dialog
  const [edited, setEdited] = useState<TrafficRoute[]>();
  useEffect(() => {
    if (open) {
      setEdited(undefined);
    }
  }, [open]);
  const routes = edited ?? current;
  const setRoutes = (change: (rs: TrafficRoute[]) => TrafficRoute[]) =>
    setEdited(rs => change(rs ?? current));

  const aliasesOf = (version: string) =>
    versions.find(v => v.version === version)?.aliases ?? [];
  const problems = validateSplit(routes);
  const unchanged = sameSplit(routes, current);
  const total = routes.reduce((s, r) => s + r.trafficPercentage, 0);
  const addable = versions.filter(
    v => !routes.some(r => r.modelVersion === v.version),
  );

  const setShare = (index: number, value: number) =>
    setRoutes(rs => rebalanceSplit(rs, index, value));
  const remove = (index: number) =>
    setRoutes(rs => {
      const rest = rs.filter((_, i) => i !== index);
      // the removed version's traffic goes to the first remaining one
      return rest.length
        ? rebalanceSplit(
            rest,
            0,
            rest[0].trafficPercentage + rs[index].trafficPercentage,
          )
        : rest;
    });
  const add = (version: string) =>
    setRoutes(rs => [...rs, { modelVersion: version, trafficPercentage: 0 }]);

  return (
    <ReasonDialog
      open={open}
      title="Adjust the traffic split"
      confirmLabel="Apply split"
      busy={props.busy}
      validationError={
        problems[0] ?? (unchanged ? 'This is the current split.' : undefined)
      }
      onCancel={props.onCancel}
      onConfirm={reason =>
        props.onConfirm({ type: 'set-split', routes, reason })
      }
    >
      {routes.map((route, index) => {
        const aliases = aliasesOf(route.modelVersion);
        const label = `v${route.modelVersion}${
          aliases.length ? ` (${aliases.join(', ')})` : ''
        }`;
        return (
          <Box
            key={route.modelVersion}
            display="flex"
            alignItems="center"
            style={{ gap: 16 }}
            data-testid="fmlops-split-route"
          >
            <Typography style={{ minWidth: 140 }}>{label}</Typography>
            <Slider
              value={route.trafficPercentage}
              min={0}
              max={100}
              step={1}
              onChange={(_, value) => setShare(index, value as number)}
              aria-label={`Traffic to ${label}`}
              valueLabelDisplay="auto"
            />
            <TextField
              type="number"
              value={route.trafficPercentage}
              onChange={e => setShare(index, Number(e.target.value))}
              inputProps={{
                min: 0,
                max: 100,
                'aria-label': `Percentage for ${label}`,
              }}
              style={{ width: 80 }}
            />
            <IconButton
              aria-label={`Remove ${label}`}
              onClick={() => remove(index)}
              disabled={routes.length === 1}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
        );
      })}
      <Box display="flex" alignItems="center" style={{ gap: 16 }} mt={1}>
        <Typography
          data-testid="fmlops-split-total"
          color={total === 100 ? 'textPrimary' : 'error'}
        >
          Total: {total} %
        </Typography>
        {addable.length > 0 && (
          <FormControl size="small" style={{ minWidth: 200 }}>
            <InputLabel id="fmlops-split-add-label">Add a version</InputLabel>
            <Select
              labelId="fmlops-split-add-label"
              value=""
              onChange={e => add(e.target.value as string)}
            >
              {addable.map(v => (
                <MenuItem key={v.version} value={v.version}>
                  v{v.version}
                  {v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        )}
      </Box>
      {(problems.length > 0 || unchanged) && (
        <Typography variant="caption" color="error" display="block">
          {problems.length > 0
            ? problems.join(' ')
            : 'This is the current split.'}
        </Typography>
      )}
    </ReasonDialog>
  );
};
