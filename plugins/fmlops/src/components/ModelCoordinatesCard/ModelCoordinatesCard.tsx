import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  getModelCoordinates,
  missingFmlopsAnnotations,
} from '@fmlops/backstage-plugin-fmlops-common';

/** Where the model lives in Databricks, read from the entity's annotations. */
export const ModelCoordinatesCard = () => {
  const { entity } = useEntity();
  const coordinates = getModelCoordinates(entity);
  if (!coordinates) {
    return (
      <MissingAnnotationEmptyState
        annotation={missingFmlopsAnnotations(entity)}
      />
    );
  }
  const metadata: Record<string, string> = {
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
