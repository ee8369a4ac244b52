import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { ReportProblem } from './problems';
import { isMapping, list, type Mapping, type Yaml } from './yamlValues';

const ROOT_FILES = [
  'databricks.yml',
  'databricks.yaml',
  'bundle.yml',
  'bundle.yaml',
];

/** One configuration file of the bundle. */
export interface ConfigFile {
  /** relative to the bundle root, with / */
  name: string;
  content: Mapping;
}

/**
 * The root configuration file and the files its `include` globs resolve to, in that order; undefined
 * when there is no readable root file.
 */
export function readBundleFiles(
  root: string,
  report: ReportProblem,
): ConfigFile[] | undefined {
  const rootName = ROOT_FILES.find(name =>
    fs.existsSync(path.join(root, name)),
  );
  if (!rootName) {
    report(
      'databricks.yml',
      '',
      `no bundle configuration found in ${root} (looked for ${ROOT_FILES.join(
        ', ',
      )})`,
    );
    return undefined;
  }
  const rootFile = readConfig(root, rootName, report);
  if (!rootFile) return undefined;
  const files = [rootFile];

  list(rootFile.content.include).forEach((pattern, i) => {
    const at = `include[${i}]`;
    if (typeof pattern !== 'string' || pattern === '') {
      report(rootName, at, 'must be a file path or glob');
      return;
    }
    if (path.isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..')) {
      report(rootName, at, `"${pattern}" must stay inside the bundle`);
      return;
    }
    const matches = fs
      .globSync(pattern, { cwd: root })
      .map(match => match.split(path.sep).join('/'))
      .filter(match => fs.statSync(path.join(root, match)).isFile())
      .sort();
    if (matches.length === 0) {
      report(rootName, at, `"${pattern}" matches no file`);
    }
    for (const match of matches) {
      if (files.some(f => f.name === match)) continue;
      const file = readConfig(root, match, report);
      if (file) files.push(file);
    }
  });
  for (const file of files.slice(1)) {
    if (file.content.include !== undefined) {
      report(
        file.name,
        'include',
        'only the root configuration file may include others',
      );
    }
  }
  return files;
}

function readConfig(
  root: string,
  name: string,
  report: ReportProblem,
): ConfigFile | undefined {
  const source = fs.readFileSync(path.join(root, name), 'utf8');
  const document = parseDocument(source, {
    prettyErrors: true,
    uniqueKeys: true,
  });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      report(
        name,
        line ? `line ${line.line}:${line.col}` : '',
        `is not valid YAML: ${error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '')}`,
      );
    }
    return undefined;
  }
  const content = document.toJS() as Yaml;
  if (content === null || content === undefined) return { name, content: {} };
  if (!isMapping(content)) {
    report(name, '', 'must be a YAML mapping');
    return undefined;
  }
  return { name, content };
}
