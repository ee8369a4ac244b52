import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import type {
  DriftStatus,
  ModelHealth,
  PortfolioFilter,
} from '@fmlops/backstage-plugin-fmlops-common';
import { ownerLabel } from './PortfolioTable';

const HEALTHS: ModelHealth[] = ['critical', 'warning', 'healthy', 'unknown'];
const DRIFTS: Array<DriftStatus | 'none'> = [
  'drift',
  'warning',
  'stable',
  'none',
];

const ALL = '';

/** Health, drift, workspace and owner filters and a free-text search. */
export const PortfolioFilters = (props: {
  filter: PortfolioFilter;
  workspaces: string[];
  owners: string[];
  onChange: (filter: PortfolioFilter) => void;
}) => {
  const { filter, onChange } = props;
  const multi = <T extends string>(
    id: string,
    label: string,
    options: T[],
    value: T[] | undefined,
    set: (v: T[]) => void,
  ) => (
    <FormControl size="small" style={{ minWidth: 160 }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        multiple
        value={value ?? []}
        onChange={e => set(e.target.value as T[])}
        renderValue={selected => (selected as T[]).join(', ')}
        data-testid={id}
      >
        {options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
  const single = (
    id: string,
    label: string,
    options: string[],
    value: string | undefined,
    set: (v: string | undefined) => void,
    optionLabel: (option: string) => string = option => option,
  ) => (
    <FormControl size="small" style={{ minWidth: 160 }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        value={value ?? ALL}
        onChange={e => set((e.target.value as string) || undefined)}
        data-testid={id}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {options.map(option => (
          <MenuItem key={option} value={option}>
            {optionLabel(option)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      style={{ gap: 16 }}
    >
      <TextField
        id="fmlops-portfolio-search"
        label="Search"
        placeholder="name, model, owner"
        value={filter.search ?? ''}
        onChange={e => onChange({ ...filter, search: e.target.value })}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
        // the backend's limit for a search
        inputProps={{
          'data-testid': 'fmlops-portfolio-search',
          maxLength: 200,
        }}
      />
      {multi('fmlops-filter-health', 'Health', HEALTHS, filter.health, health =>
        onChange({ ...filter, health }),
      )}
      {multi('fmlops-filter-drift', 'Drift', DRIFTS, filter.drift, drift =>
        onChange({ ...filter, drift }),
      )}
      {single(
        'fmlops-filter-workspace',
        'Workspace',
        props.workspaces,
        filter.workspace,
        workspace => onChange({ ...filter, workspace }),
      )}
      {single(
        'fmlops-filter-owner',
        'Owner',
        props.owners,
        filter.owner,
        owner => onChange({ ...filter, owner }),
        ownerLabel,
      )}
    </Box>
  );
};
