import type { serving } from '@databricks/sdk-experimental';
import { invalid } from '../domain/errors';
import { ServedEntitySettings } from './store';

/**
 * A served entity's compute settings: read from a `PUT .../config` input as Model Serving
 * validates them, and echoed back by GET. The rules rest on the SDK's own field documentation
 * (`ServedEntityInput` in @databricks/sdk-experimental) and the serving docs; see
 * parity/serving.ts for the cases.
 */

const COUNT_FIELDS = [
  'min_provisioned_throughput',
  'max_provisioned_throughput',
  'min_provisioned_concurrency',
  'max_provisioned_concurrency',
  'provisioned_model_units',
] as const;

/**
 * The SDK types `workload_type` as CPU, GPU_SMALL, GPU_MEDIUM, GPU_LARGE or MULTIGPU_MEDIUM, but
 * the docs' GPU table lists more per cloud (GPU_MEDIUM_4, GPU_LARGE_2, ...): accept the family.
 */
const WORKLOAD_TYPE = /^(CPU|(MULTI)?GPU_[A-Z0-9_]+)$/;

export function settingsOf(
  input: serving.ServedEntityInput,
  at: string,
): ServedEntitySettings {
  const settings: ServedEntitySettings = {};
  if (input.workload_type !== undefined) {
    if (
      typeof input.workload_type !== 'string' ||
      !WORKLOAD_TYPE.test(input.workload_type)
    ) {
      throw invalid(
        `${at}.workload_type '${String(
          input.workload_type,
        )}' is not a valid workload type.`,
      );
    }
    settings.workload_type = input.workload_type;
  }
  for (const field of COUNT_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) {
      throw invalid(`${at}.${field} must be a whole number of at least 0.`);
    }
    settings[field] = value;
  }
  for (const [min, max] of [
    ['min_provisioned_throughput', 'max_provisioned_throughput'],
    ['min_provisioned_concurrency', 'max_provisioned_concurrency'],
  ] as const) {
    const low = settings[min];
    const high = settings[max];
    if (low !== undefined && high !== undefined && low > high) {
      throw invalid(`${at}.${min} must not exceed ${max}.`);
    }
  }
  const byConcurrency =
    settings.min_provisioned_concurrency !== undefined ||
    settings.max_provisioned_concurrency !== undefined;
  if (input.workload_size !== undefined) {
    if (typeof input.workload_size !== 'string' || !input.workload_size) {
      throw invalid(`${at}.workload_size must be a workload size name.`);
    }
    if (byConcurrency) {
      throw invalid(
        `${at}: workload_size cannot be combined with min_provisioned_concurrency or max_provisioned_concurrency.`,
      );
    }
    settings.workload_size = input.workload_size;
  }
  const byThroughput =
    settings.min_provisioned_throughput !== undefined ||
    settings.max_provisioned_throughput !== undefined ||
    settings.provisioned_model_units !== undefined;
  if (settings.workload_size === undefined && !byConcurrency && !byThroughput) {
    // a custom model needs a size; Databricks' own examples always name one, Small the smallest
    settings.workload_size = 'Small';
  }
  if (input.scale_to_zero_enabled !== undefined) {
    if (typeof input.scale_to_zero_enabled !== 'boolean') {
      throw invalid(`${at}.scale_to_zero_enabled must be true or false.`);
    }
    settings.scale_to_zero_enabled = input.scale_to_zero_enabled;
  }
  if (input.environment_vars !== undefined) {
    const vars = input.environment_vars;
    if (
      !vars ||
      typeof vars !== 'object' ||
      Array.isArray(vars) ||
      Object.values(vars).some(v => typeof v !== 'string')
    ) {
      throw invalid(
        `${at}.environment_vars must map variable names to string values.`,
      );
    }
    settings.environment_vars = { ...vars };
  }
  if (input.instance_profile_arn !== undefined) {
    if (
      typeof input.instance_profile_arn !== 'string' ||
      !input.instance_profile_arn.startsWith('arn:')
    ) {
      throw invalid(`${at}.instance_profile_arn must be an ARN.`);
    }
    settings.instance_profile_arn = input.instance_profile_arn;
  }
  return settings;
}

/** The settings as GET shows them: the workload type defaults to CPU, scale-to-zero to false. */
export function settingsView(
  settings: ServedEntitySettings,
): ServedEntitySettings {
  return {
    ...settings,
    workload_type: settings.workload_type ?? 'CPU',
    scale_to_zero_enabled: settings.scale_to_zero_enabled ?? false,
    ...(settings.environment_vars
      ? { environment_vars: { ...settings.environment_vars } }
      : {}),
  };
}
