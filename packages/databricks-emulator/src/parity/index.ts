import { jobsCases } from './jobs';
import { mlflowCases } from './mlflow';
import { pipelinesCases } from './pipelines';
import { servingCases } from './serving';
import { sqlCases } from './sql';
import { ParityCase } from './types';
import { unityCatalogCases } from './unityCatalog';

/** Every parity case, by Databricks service. */
export const PARITY_CASES: ParityCase[] = [
  ...servingCases,
  ...unityCatalogCases,
  ...mlflowCases,
  ...jobsCases,
  ...pipelinesCases,
  ...sqlCases,
];
