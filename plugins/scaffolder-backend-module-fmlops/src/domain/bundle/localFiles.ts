import fs from 'node:fs';
import path from 'node:path';

const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb', '.sql', '.scala', '.r', '.R'];

/** Whether a file exists, relative to the configuration file naming it; notebooks may omit their extension. */
export type FileExists = (relative: string, notebook: boolean) => boolean;

/** Local paths only: workspace paths, URLs and values with substitutions are resolved at deploy. */
export function isCheckableLocalPath(value: string): boolean {
  return (
    !value.includes('${') &&
    !path.posix.isAbsolute(value) &&
    !/^[a-z][a-z0-9+.-]*:/i.test(value)
  );
}

/** Files relative to `base` (a folder of the bundle, relative to `root`). */
export function filesRelativeTo(root: string, base: string): FileExists {
  return (relative, notebook) => {
    const resolved = path.resolve(root, base, relative);
    const candidates = [
      resolved,
      ...(notebook ? NOTEBOOK_EXTENSIONS.map(ext => resolved + ext) : []),
    ];
    return candidates.some(
      candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
    );
  };
}
