import fs from 'node:fs';
import path from 'node:path';
import type { ResourceDefinition } from './declarations';
import { isCheckableLocalPath, type FileExists } from './localFiles';
import type { ReportProblem } from './problems';
import { isMapping, list, text, type Mapping } from './yamlValues';

/** A DLT pipeline's local notebook and file libraries exist, and its globs match files. */
export function checkPipeline(
  pipeline: ResourceDefinition,
  root: string,
  fileExists: FileExists,
  report: ReportProblem,
) {
  if (!isMapping(pipeline.value)) return;
  const base = path.posix.dirname(pipeline.file.name);
  list(pipeline.value.libraries).forEach((library, i) => {
    if (!isMapping(library)) return;
    const at = `${pipeline.at}.libraries[${i}]`;
    for (const kind of ['notebook', 'file'] as const) {
      const file = isMapping(library[kind])
        ? text((library[kind] as Mapping).path)
        : undefined;
      if (
        file &&
        isCheckableLocalPath(file) &&
        !fileExists(file, kind === 'notebook')
      ) {
        report(
          pipeline.file.name,
          `${at}.${kind}.path`,
          `"${file}" does not exist (relative to ${pipeline.file.name})`,
        );
      }
    }
    const include = isMapping(library.glob)
      ? text(library.glob.include)
      : undefined;
    if (include && isCheckableLocalPath(include)) {
      const directory = path.resolve(root, base);
      if (
        fs.globSync(include.endsWith('/') ? `${include}**` : include, {
          cwd: directory,
        }).length === 0
      ) {
        report(
          pipeline.file.name,
          `${at}.glob.include`,
          `"${include}" matches no file (relative to ${pipeline.file.name})`,
        );
      }
    }
  });
}
