import type { ConfigFile } from './configFiles';
import type { ReportProblem } from './problems';
import { entries, isMapping, text } from './yamlValues';

const TARGET_MODES = ['development', 'production'];

/**
 * What the CLI requires of targets beyond the bundle schema: a workspace host, a mode of
 * development or production, a `root_path` in production, and at most one default target.
 * Returns the target names.
 */
export function checkTargets(
  files: readonly ConfigFile[],
  report: ReportProblem,
): string[] {
  const [rootFile] = files;
  const topWorkspace = isMapping(rootFile.content.workspace)
    ? rootFile.content.workspace
    : {};
  const targets: string[] = [];
  const defaults: string[] = [];
  for (const file of files) {
    for (const [name, spec] of entries(file.content.targets)) {
      targets.push(name);
      const at = `targets.${name}`;
      const target = isMapping(spec) ? spec : {};
      const workspace = isMapping(target.workspace) ? target.workspace : {};
      if (target.default === true) defaults.push(name);
      if (!text(workspace.host) && !text(topWorkspace.host)) {
        report(file.name, at, `target "${name}" has no workspace host`);
      }
      const mode = text(target.mode);
      if (!mode) {
        report(
          file.name,
          at,
          `target "${name}" has no mode (development or production)`,
        );
      } else if (!TARGET_MODES.includes(mode)) {
        report(
          file.name,
          `${at}.mode`,
          `mode "${mode}" must be development or production`,
        );
      } else if (
        mode === 'production' &&
        !text(workspace.root_path) &&
        !text(topWorkspace.root_path)
      ) {
        report(
          file.name,
          at,
          `production target "${name}" needs workspace.root_path, so that deployments do not land in a personal folder`,
        );
      }
    }
  }
  if (targets.length === 0) {
    report(rootFile.name, 'targets', 'the bundle defines no targets');
  }
  if (defaults.length > 1) {
    report(
      rootFile.name,
      'targets',
      `only one target may be the default, found ${defaults.join(', ')}`,
    );
  }
  return targets;
}
