import type { ConfigFile } from './configFiles';
import type { Declarations } from './declarations';
import type { ReportProblem } from './problems';
import { entries, isMapping, walkStrings } from './yamlValues';

/**
 * Every `${var.<name>}` (or `${variables.<name>...}`) names a declared variable, every
 * `${resources.<type>.<key>...}` a defined resource, and every variable a target sets is declared.
 */
export function checkReferences(
  files: readonly ConfigFile[],
  { variables, resources }: Declarations,
  report: ReportProblem,
) {
  for (const file of files) {
    walkStrings(file.content, '', (value, at) => {
      for (const match of value.matchAll(/\$\{([^}]*)\}/g)) {
        const reference = match[1].trim();
        const parts = reference.split('.');
        if (
          parts[0] === 'var' ||
          (parts[0] === 'variables' && parts.length >= 2)
        ) {
          const name = parts[1]?.replace(/\[.*$/, '');
          if (!name || !variables.has(name)) {
            report(
              file.name,
              at,
              `\${${reference}} refers to variable "${
                name ?? ''
              }", which is not declared under variables`,
            );
          }
        } else if (parts[0] === 'resources') {
          const [, type, key] = parts;
          if (!type || !key || !resources.has(`${type}.${key}`)) {
            report(
              file.name,
              at,
              `\${${reference}} refers to resources.${type ?? ''}.${
                key ?? ''
              }, which the bundle does not define`,
            );
          }
        }
      }
    });
    for (const [target, spec] of entries(file.content.targets)) {
      for (const [name] of entries(
        isMapping(spec) ? spec.variables : undefined,
      )) {
        if (!variables.has(name)) {
          report(
            file.name,
            `targets.${target}.variables.${name}`,
            `sets variable "${name}", which is not declared under variables`,
          );
        }
      }
    }
  }
}
