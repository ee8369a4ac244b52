import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

/** One broken part of a Databricks Asset Bundle. */
export interface BundleProblem {
  /** the file, relative to the bundle root */
  file: string;
  /** where in the file, e.g. `resources.jobs.tournament.tasks[2].depends_on[0]`; empty for the whole file */
  at: string;
  message: string;
}

export interface BundleReport {
  problems: BundleProblem[];
  /** resource keys by resource type, e.g. `{ jobs: ['tournament'], pipelines: ['market_data'] }` */
  resources: Record<string, string[]>;
  /** the configuration files read: the root file and what `include` resolved to */
  files: string[];
  targets: string[];
}

const ROOT_FILES = [
  'databricks.yml',
  'databricks.yaml',
  'bundle.yml',
  'bundle.yaml',
];
const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb', '.sql', '.scala', '.r', '.R'];
const TARGET_MODES = ['development', 'production'];

type Yaml = unknown;
type Mapping = Record<string, Yaml>;

interface ConfigFile {
  /** relative to the bundle root, with / */
  name: string;
  content: Mapping;
}

interface ResourceDefinition {
  type: string;
  key: string;
  file: ConfigFile;
  at: string;
  value: Yaml;
}

const isMapping = (value: Yaml): value is Mapping =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const entries = (value: Yaml): Array<[string, Yaml]> =>
  isMapping(value) ? Object.entries(value) : [];

const list = (value: Yaml): Yaml[] => (Array.isArray(value) ? value : []);

const text = (value: Yaml): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Checks a rendered Databricks Asset Bundle the way `databricks bundle validate` would before any
 * workspace is involved: it parses, its includes resolve, and its cross-references hold.
 */
export function checkBundle(root: string): BundleReport {
  const problems: BundleProblem[] = [];
  const report = (file: string, at: string, message: string) =>
    problems.push({ file, at, message });
  const empty: BundleReport = {
    problems,
    resources: {},
    files: [],
    targets: [],
  };

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
    return empty;
  }
  const rootFile = readConfig(root, rootName, report);
  if (!rootFile) return empty;
  const files = [rootFile];

  // ---- include
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

  // ---- declarations
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

  // ---- references
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

  // ---- resources
  for (const definition of resources.values()) {
    const base = path.posix.dirname(definition.file.name);
    const fileExists = (relative: string, notebook: boolean) =>
      localFileExists(root, base, relative, notebook);
    if (definition.type === 'jobs') checkJob(definition, fileExists, report);
    if (definition.type === 'pipelines')
      checkPipeline(definition, root, base, fileExists, report);
    if (definition.type === 'model_serving_endpoints')
      checkServingEndpoint(definition, report);
  }

  // ---- targets
  const targets = checkTargets(rootFile, files, report);

  const byType: Record<string, string[]> = {};
  for (const { type, key } of resources.values()) {
    (byType[type] ??= []).push(key);
  }
  return {
    problems,
    resources: byType,
    files: files.map(f => f.name),
    targets,
  };
}

function readConfig(
  root: string,
  name: string,
  report: (file: string, at: string, message: string) => void,
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

function collectResources(
  file: ConfigFile,
  section: Yaml,
  at: string,
  resources: Map<string, ResourceDefinition>,
  report: (file: string, at: string, message: string) => void,
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

function walkStrings(
  value: Yaml,
  at: string,
  visit: (value: string, at: string) => void,
) {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value))
    value.forEach((item, i) => walkStrings(item, `${at}[${i}]`, visit));
  else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      walkStrings(item, at ? `${at}.${key}` : key, visit);
    }
  }
}

/** Local paths only: workspace paths, URLs and values with substitutions are resolved at deploy. */
function isCheckableLocalPath(value: string): boolean {
  return (
    !value.includes('${') &&
    !path.posix.isAbsolute(value) &&
    !/^[a-z][a-z0-9+.-]*:/i.test(value)
  );
}

function localFileExists(
  root: string,
  base: string,
  relative: string,
  notebook: boolean,
): boolean {
  const resolved = path.resolve(root, base, relative);
  const candidates = [
    resolved,
    ...(notebook ? NOTEBOOK_EXTENSIONS.map(ext => resolved + ext) : []),
  ];
  return candidates.some(
    candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

function checkJob(
  job: ResourceDefinition,
  fileExists: (relative: string, notebook: boolean) => boolean,
  report: (file: string, at: string, message: string) => void,
) {
  if (!isMapping(job.value)) return;
  const usesGit = job.value.git_source !== undefined;
  const tasks = list(job.value.tasks);
  const keys = new Set<string>();
  tasks.forEach((task, i) => {
    const key = isMapping(task) ? text(task.task_key) : undefined;
    if (!key) {
      report(job.file.name, `${job.at}.tasks[${i}]`, 'has no task_key');
    } else if (keys.has(key)) {
      report(
        job.file.name,
        `${job.at}.tasks[${i}]`,
        `task_key "${key}" is used twice in job "${job.key}"`,
      );
    } else {
      keys.add(key);
    }
  });
  tasks.forEach((task, i) => {
    if (!isMapping(task)) return;
    const at = `${job.at}.tasks[${i}]`;
    list(task.depends_on).forEach((dependency, d) => {
      const key = isMapping(dependency) ? text(dependency.task_key) : undefined;
      if (!key || !keys.has(key)) {
        report(
          job.file.name,
          `${at}.depends_on[${d}]`,
          `depends on "${key ?? ''}", which is not a task of job "${job.key}"`,
        );
      } else if (key === text(task.task_key)) {
        report(
          job.file.name,
          `${at}.depends_on[${d}]`,
          `task "${key}" depends on itself`,
        );
      }
    });
    const localFiles: Array<[string, Yaml, boolean, Yaml]> = [
      [
        'notebook_task.notebook_path',
        isMapping(task.notebook_task)
          ? task.notebook_task.notebook_path
          : undefined,
        true,
        isMapping(task.notebook_task) ? task.notebook_task.source : undefined,
      ],
      [
        'spark_python_task.python_file',
        isMapping(task.spark_python_task)
          ? task.spark_python_task.python_file
          : undefined,
        false,
        isMapping(task.spark_python_task)
          ? task.spark_python_task.source
          : undefined,
      ],
      [
        'sql_task.file.path',
        isMapping(task.sql_task) && isMapping(task.sql_task.file)
          ? task.sql_task.file.path
          : undefined,
        false,
        isMapping(task.sql_task) && isMapping(task.sql_task.file)
          ? task.sql_task.file.source
          : undefined,
      ],
    ];
    for (const [field, value, notebook, source] of localFiles) {
      const file = text(value);
      const fromGit = source === 'GIT' || (usesGit && source !== 'WORKSPACE');
      if (!file || fromGit || !isCheckableLocalPath(file)) continue;
      if (!fileExists(file, notebook)) {
        report(
          job.file.name,
          `${at}.${field}`,
          `"${file}" does not exist (relative to ${job.file.name})`,
        );
      }
    }
  });
  const dependsOnCycle = findCycle(tasks);
  if (dependsOnCycle) {
    report(
      job.file.name,
      `${job.at}.tasks`,
      `tasks depend on each other in a cycle: ${dependsOnCycle.join(' → ')}`,
    );
  }
}

function findCycle(tasks: Yaml[]): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const task of tasks) {
    if (!isMapping(task) || !text(task.task_key)) continue;
    edges.set(
      task.task_key as string,
      list(task.depends_on).flatMap(d =>
        isMapping(d) && text(d.task_key) ? [d.task_key as string] : [],
      ),
    );
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done' || !edges.has(key)) return undefined;
    if (state.get(key) === 'visiting')
      return [...trail.slice(trail.indexOf(key)), key];
    state.set(key, 'visiting');
    trail.push(key);
    for (const next of edges.get(key)!) {
      if (next === key) continue; // reported as depending on itself
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const key of edges.keys()) {
    const cycle = visit(key);
    if (cycle) return cycle;
  }
  return undefined;
}

function checkPipeline(
  pipeline: ResourceDefinition,
  root: string,
  base: string,
  fileExists: (relative: string, notebook: boolean) => boolean,
  report: (file: string, at: string, message: string) => void,
) {
  if (!isMapping(pipeline.value)) return;
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

function checkServingEndpoint(
  endpoint: ResourceDefinition,
  report: (file: string, at: string, message: string) => void,
) {
  if (!isMapping(endpoint.value) || !isMapping(endpoint.value.config)) return;
  const config = endpoint.value.config;
  const served = [
    ...list(config.served_entities),
    ...list(config.served_models),
  ].flatMap(entity =>
    isMapping(entity) && text(entity.name) ? [entity.name as string] : [],
  );
  if (!isMapping(config.traffic_config)) return;
  const routes = list(config.traffic_config.routes);
  let total = 0;
  let allNumbers = true;
  routes.forEach((route, i) => {
    if (!isMapping(route)) return;
    const at = `${endpoint.at}.config.traffic_config.routes[${i}]`;
    const name =
      text(route.served_model_name) ?? text(route.served_entity_name);
    if (!name || !served.includes(name)) {
      report(
        endpoint.file.name,
        at,
        `routes traffic to "${
          name ?? ''
        }", which is not a served entity of endpoint "${
          endpoint.key
        }" (served: ${served.join(', ') || 'none'})`,
      );
    }
    if (typeof route.traffic_percentage === 'number')
      total += route.traffic_percentage;
    else allNumbers = false;
  });
  if (routes.length > 0 && allNumbers && total !== 100) {
    report(
      endpoint.file.name,
      `${endpoint.at}.config.traffic_config.routes`,
      `traffic percentages add up to ${total}, not 100`,
    );
  }
}

function checkTargets(
  rootFile: ConfigFile,
  files: ConfigFile[],
  report: (file: string, at: string, message: string) => void,
): string[] {
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

/** The problems as one message, one a line. */
export function formatBundleProblems(
  problems: readonly BundleProblem[],
): string {
  return problems
    .map(p => `- ${p.file}${p.at ? ` ${p.at}` : ''}: ${p.message}`)
    .join('\n');
}
