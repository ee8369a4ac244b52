import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { missingFmlopsAnnotations } from '@fmlops/backstage-plugin-fmlops-common';
import { useModelEnvironments } from '../../hooks/useModelEnvironments';

/** Where the model lives in Databricks (in the environment shown), read from the entity's annotations. */
export const ModelCoordinatesCard = () => {
  const { entity } = useEntity();
  const { current, multiple } = useModelEnvironments();
  if (!current) {
    return (
      <MissingAnnotationEmptyState
        annotation={missingFmlopsAnnotations(entity)}
      />
    );
  }
  const { coordinates } = current;
  const metadata: Record<string, string> = {
    ...(multiple ? { Environment: current.name } : {}),
    Workspace: coordinates.workspace,
    'Unity Catalog model': coordinates.ucModel,
    'Serving endpoint': coordinates.servingEndpoint,
  };
  if (coordinates.mlflowExperiment) {
    metadata['MLflow experiment'] = coordinates.mlflowExperiment;
  }
  if (coordinates.tournamentJobId) {
    metadata['Tournament job'] = coordinates.tournamentJobId;
  }
  if (coordinates.driftTable) {
    metadata['Drift table'] = coordinates.driftTable;
  }
  if (coordinates.dltPipelineId) {
    metadata['DLT pipeline'] = coordinates.dltPipelineId;
  }
  if (coordinates.promotionJobId) {
    metadata['Promotion job'] = coordinates.promotionJobId;
  }
  if (coordinates.policy) {
    metadata.Policy = coordinates.policy;
  }
  return (
    <InfoCard title="Databricks">
      {/* the keys are written as people read them: no automatic title case ("M Lflow") */}
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
};
