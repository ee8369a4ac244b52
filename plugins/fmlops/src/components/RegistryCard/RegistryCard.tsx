import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type {
  ModelVersionSummary,
  RegistryState,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatTime, NO_VALUE } from '../../lib/format';
import { describeLineage } from '../../lib/lineage';
import { DataTable } from '../common/DataTable';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';

/** Where a version came from: the version it was copied from, else the run that trained it. */
function origin(version: ModelVersionSummary): string {
  if (version.lineage) {
    return describeLineage(version.lineage);
  }
  return version.runId ? `run ${version.runId}` : NO_VALUE;
}

const Versions = ({ registry }: { registry: RegistryState }) => (
  <DataTable aria-label={`Versions of ${registry.fullName}`}>
    <TableHead>
      <TableRow>
        <TableCell>Version</TableCell>
        <TableCell>Aliases</TableCell>
        <TableCell>Status</TableCell>
        <TableCell>Created</TableCell>
        <TableCell>Origin</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {registry.versions.map(v => (
        <TableRow key={v.version} data-testid="fmlops-registry-version">
          <TableCell>v{v.version}</TableCell>
          <TableCell>
            {v.aliases.map(alias => (
              <Chip key={alias} size="small" label={alias} />
            ))}
          </TableCell>
          <TableCell>{v.status ?? NO_VALUE}</TableCell>
          <TableCell>
            {v.createdAt ? formatTime(v.createdAt) : NO_VALUE}
          </TableCell>
          <TableCell data-testid="fmlops-registry-lineage">
            {origin(v)}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </DataTable>
);

/** The model's versions in Unity Catalog, with their aliases and, for a copied version, where it came from. */
export const RegistryCard = () => (
  <OverviewCard title="Registry versions">
    {overview => (
      <SectionContent section={overview.registry} label="The registry">
        {registry => <Versions registry={registry} />}
      </SectionContent>
    )}
  </OverviewCard>
);
