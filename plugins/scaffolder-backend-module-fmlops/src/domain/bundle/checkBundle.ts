import path from 'node:path';
import { checkAgainstSchema, type BundleSchema } from './bundleSchema';
import { readBundleFiles } from './configFiles';
import { collectDeclarations } from './declarations';
import { checkJob, checkTasksHaveKeys } from './jobs';
import { filesRelativeTo } from './localFiles';
import { checkPipeline } from './pipelines';
import type { BundleProblem, ReportProblem } from './problems';
import { checkReferences } from './references';
import { checkServingEndpoint } from './servingEndpoints';
import { checkTargets } from './targets';

/** @public */
export interface BundleReport {
  problems: BundleProblem[];
  /** resource keys by resource type, e.g. `{ jobs: ['tournament'], pipelines: ['market_data'] }` */
  resources: Record<string, string[]>;
  /** the configuration files read: the root file and what `include` resolved to */
  files: string[];
  targets: string[];
}

/** @public */
export interface BundleCheckOptions {
  /**
   * The official bundle JSON schema (see loadBundleSchema): each configuration file's structure is
   * checked against it. Without it, only the structure the other checks rely on is checked.
   */
  schema?: BundleSchema;
}

/**
 * Checks a rendered Databricks Asset Bundle the way `databricks bundle validate` would before any
 * workspace is involved: it parses, its includes resolve, its structure fits the bundle schema, and
 * its cross-references and the CLI's rules beyond the schema hold.
 *
 * @public
 */
export function checkBundle(
  root: string,
  options: BundleCheckOptions = {},
): BundleReport {
  const problems: BundleProblem[] = [];
  const report: ReportProblem = (file, at, message) =>
    problems.push({ file, at, message });

  const files = readBundleFiles(root, report);
  if (!files) return { problems, resources: {}, files: [], targets: [] };

  const declarations = collectDeclarations(files, report);
  if (options.schema) {
    checkAgainstSchema(files, options.schema, report);
  } else {
    for (const definition of declarations.resources.values()) {
      if (definition.type === 'jobs') checkTasksHaveKeys(definition, report);
    }
  }
  checkReferences(files, declarations, report);
  for (const definition of declarations.resources.values()) {
    const fileExists = filesRelativeTo(
      root,
      path.posix.dirname(definition.file.name),
    );
    if (definition.type === 'jobs') checkJob(definition, fileExists, report);
    if (definition.type === 'pipelines')
      checkPipeline(definition, root, fileExists, report);
    if (definition.type === 'model_serving_endpoints')
      checkServingEndpoint(definition, report);
  }
  const targets = checkTargets(files, report);

  const byType: Record<string, string[]> = {};
  for (const { type, key } of declarations.resources.values()) {
    (byType[type] ??= []).push(key);
  }
  return {
    problems,
    resources: byType,
    files: files.map(f => f.name),
    targets,
  };
}
