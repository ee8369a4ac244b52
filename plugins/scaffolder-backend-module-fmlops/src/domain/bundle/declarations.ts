import type { ConfigFile } from './configFiles';
import type { ReportProblem } from './problems';
import { entries, isMapping, type Yaml } from './yamlValues';

/** A resource of the bundle, e.g. `jobs.tournament`, where it is defined. */
export interface ResourceDefinition {
  type: string;
  key: string;
  file: ConfigFile;
  at: string;
  value: Yaml;
}

export interface Declarations {
  /** names declared under `variables` in any file */
  variables: Set<string>;
  /** by `<type>.<key>` */
  resources: Map<string, ResourceDefinition>;
}

/** The variables and resources the bundle's files declare; a resource defined twice is reported. */
export function collectDeclarations(
  files: readonly ConfigFile[],
  report: ReportProblem,
): Declarations {
  const variables = new Set<string>();
  const resources = new Map<string, ResourceDefinition>();
  for (const file of files) {
    for (const [name] of entries(file.content.variables)) variables.add(name);
    collectResources(
      file,
      file.content.resources,
      'resources',
      resources,
      report,
      true,
    );
    for (const [target, spec] of entries(file.content.targets)) {
      collectResources(
        file,
        isMapping(spec) ? spec.resources : undefined,
        `targets.${target}.resources`,
        resources,
        report,
        false,
      );
    }
  }
  return { variables, resources };
}

function collectResources(
  file: ConfigFile,
  section: Yaml,
  at: string,
  resources: Map<string, ResourceDefinition>,
  report: ReportProblem,
  topLevel: boolean,
) {
  for (const [type, byKey] of entries(section)) {
    for (const [key, value] of entries(byKey)) {
      const id = `${type}.${key}`;
      const existing = resources.get(id);
      if (existing && topLevel && existing.at.startsWith('resources.')) {
        report(
          file.name,
          `${at}.${type}.${key}`,
          `resources.${id} is also defined in ${existing.file.name}`,
        );
        continue;
      }
      // a target may override a top-level resource: the top-level definition is what is checked
      if (!existing || topLevel) {
        resources.set(id, {
          type,
          key,
          file,
          at: `${at}.${type}.${key}`,
          value,
        });
      }
    }
  }
}
