import type { serving } from '@databricks/sdk-experimental';
import { invalid } from '../domain/errors';

/**
 * The legacy inference table config (`auto_capture_config`) of a serving endpoint's config. Like
 * the rest of the config, a PUT that omits it removes it, as Databricks' own fake workspace
 * (databricks/cli libs/testserver/serving_endpoints.go) does; see parity/serving.ts.
 */

/** The legacy inference table config of a PUT, validated: a catalog and a schema are required. */
export function autoCaptureOf(
  input: serving.AutoCaptureConfigInput | undefined,
): serving.AutoCaptureConfigInput | undefined {
  if (input === undefined) return undefined;
  if (
    !input ||
    typeof input !== 'object' ||
    typeof input.catalog_name !== 'string' ||
    typeof input.schema_name !== 'string'
  ) {
    throw invalid('auto_capture_config needs catalog_name and schema_name.');
  }
  return {
    catalog_name: input.catalog_name,
    schema_name: input.schema_name,
    ...(input.table_name_prefix
      ? { table_name_prefix: input.table_name_prefix }
      : {}),
    enabled: input.enabled ?? true,
  };
}

/** The config as GET shows it, with the payload table it names (`<prefix>_payload`). */
export function autoCaptureView(
  endpoint: string,
  config: serving.AutoCaptureConfigInput,
): serving.AutoCaptureConfigOutput {
  const prefix = config.table_name_prefix ?? endpoint.replace(/-/g, '_');
  return {
    ...config,
    state: {
      payload_table: {
        name: `${prefix}_payload`,
        status: config.enabled ? 'ACTIVE' : 'DISABLED',
      },
    },
  };
}
