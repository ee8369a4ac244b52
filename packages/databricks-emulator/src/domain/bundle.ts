import { parse } from 'yaml';
import { invalid } from './errors';

/**
 * A Databricks Asset Bundle as `databricks bundle deploy` reads it: `databricks.yml`, the files its
 * `include` globs name, one target's overrides, and `${...}` references resolved. Sources: the
 * bundle configuration reference (docs.databricks.com/dev-tools/bundles/settings, /variables,
 * /reference) and the official bundle schema (`databricks bundle schema`).
 *
 * Not emulated: development mode's name prefixes (`[dev <user>]` on jobs, `dev_<user>_` on models and
 * endpoints). The deploy answers with the names it used, as `databricks bundle summary` would, and
 * fmlops records those, so either naming works.
 */

/** The rendered bundle: `databricks.yml` and every other file, by path from the bundle root. */
export type BundleFiles = Record<string, string>;

export interface BundleDeployRequest {
  files: BundleFiles;
  /** default: the target marked `default: true`, else the only one */
  target?: string;
  /** `--var name=value` */
  variables?: Record<string, string>;
}

export type ResourceSpec = Record<string, unknown>;

export interface ResolvedBundle {
  name: string;
  target: string;
  mode?: string;
  /** kind (jobs, pipelines, ...) → key → its specification, variables resolved */
  resources: Record<string, Record<string, ResourceSpec>>;
  variables: Record<string, string>;
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const REFERENCE = /\$\{([A-Za-z0-9_.\-[\]]+)\}/g;

function parseYaml(files: BundleFiles, name: string): Mapping {
  let value: unknown;
  try {
    value = parse(files[name]);
  } catch (e) {
    throw invalid(`${name} is not valid YAML: ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw invalid(`${name} must be a YAML mapping.`);
  return value;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/^\.\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .split(/\*\*\/?/)
    .map(part => part.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
    .join('(?:.*/)?');
  return new RegExp(`^${escaped}$`);
}

/** Deep merge of mappings, `over` winning; lists and scalars are replaced (the bundle's rule for targets). */
function merge(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over ?? base;
  const out: Mapping = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

function mergeResources(
  into: Record<string, Record<string, ResourceSpec>>,
  resources: unknown,
  file: string,
) {
  if (resources === undefined || resources === null) return;
  if (!isMapping(resources))
    throw invalid(`${file}: resources must be a mapping.`);
  for (const [kind, items] of Object.entries(resources)) {
    if (!isMapping(items))
      throw invalid(`${file}: resources.${kind} must be a mapping.`);
    const target = (into[kind] ??= {});
    for (const [key, spec] of Object.entries(items)) {
      if (target[key])
        throw invalid(
          `resources.${kind}.${key} is defined twice (again in ${file}).`,
        );
      target[key] = isMapping(spec) ? spec : {};
    }
  }
}

/** Replaces `${...}` in every string of `value`; `lookup` answers a reference or undefined (left as is). */
export function interpolate<T>(
  value: T,
  lookup: (reference: string) => string | undefined,
): T {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (whole) {
      const resolved = lookup(whole[1]);
      return (resolved ?? value) as T;
    }
    return value.replace(
      REFERENCE,
      (text, reference: string) => lookup(reference) ?? text,
    ) as T;
  }
  if (Array.isArray(value)) return value.map(v => interpolate(v, lookup)) as T;
  if (isMapping(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, lookup)]),
    ) as T;
  }
  return value;
}

/** Reads and resolves a bundle for one target; every problem is a 400 with the file and field. */
export function resolveBundle(
  request: BundleDeployRequest,
  context: { userName: string },
): ResolvedBundle {
  const files = request?.files;
  if (!isMapping(files) || typeof files['databricks.yml'] !== 'string') {
    throw invalid(
      'Send files: {"databricks.yml": "...", "resources/x.yml": "...", ...}, the rendered bundle by path.',
    );
  }
  const root = parseYaml(files as BundleFiles, 'databricks.yml');
  const bundle = isMapping(root.bundle) ? root.bundle : {};
  const name = bundle.name;
  if (typeof name !== 'string' || !name)
    throw invalid('databricks.yml: bundle.name is required.');

  const resources: Record<string, Record<string, ResourceSpec>> = {};
  mergeResources(resources, root.resources, 'databricks.yml');
  const includes = Array.isArray(root.include) ? root.include : [];
  for (const glob of includes) {
    if (typeof glob !== 'string')
      throw invalid('databricks.yml: include lists path globs.');
    const pattern = globToRegExp(glob);
    for (const file of Object.keys(files).sort()) {
      if (file !== 'databricks.yml' && pattern.test(file)) {
        if (typeof files[file] !== 'string')
          throw invalid(`${file} must be the file's text.`);
        mergeResources(
          resources,
          parseYaml(files as BundleFiles, file).resources,
          file,
        );
      }
    }
  }

  const targets = isMapping(root.targets) ? root.targets : {};
  const targetNames = Object.keys(targets);
  const target =
    request.target ??
    targetNames.find(t => isMapping(targets[t]) && targets[t].default) ??
    (targetNames.length === 1 ? targetNames[0] : undefined);
  if (!target || !isMapping(targets[target] ?? {}) || !(target in targets)) {
    throw invalid(
      `Target ${JSON.stringify(
        target ?? '',
      )} is not defined in databricks.yml (targets: ${
        targetNames.join(', ') || 'none'
      }).`,
    );
  }
  const targetSpec = (targets[target] ?? {}) as Mapping;
  const targetResources = targetSpec.resources;
  const mergedResources = isMapping(targetResources)
    ? (merge(resources, targetResources) as typeof resources)
    : resources;

  const declared = isMapping(root.variables) ? root.variables : {};
  const overrides = isMapping(targetSpec.variables) ? targetSpec.variables : {};
  const given = isMapping(request.variables) ? request.variables : {};
  const variables: Record<string, string> = {};
  for (const [variable, spec] of Object.entries(declared)) {
    const value =
      given[variable] ??
      overrides[variable] ??
      (isMapping(spec) ? spec.default : undefined);
    if (value === undefined || value === null) {
      throw invalid(
        `Variable ${variable} has no value: give it a default, a value in targets.${target}.variables or --var.`,
      );
    }
    variables[variable] = String(value);
  }
  for (const variable of [...Object.keys(overrides), ...Object.keys(given)]) {
    if (!(variable in declared))
      throw invalid(
        `Variable ${variable} is set but not declared under variables.`,
      );
  }

  const filePath = `/Workspace/Users/${context.userName}/.bundle/${name}/${target}/files`;
  const fixed: Record<string, string> = {
    'bundle.name': name,
    'bundle.target': target,
    // no git checkout behind a deploy through the local workspace: the CLI leaves these empty too
    'bundle.git.origin_url': '',
    'bundle.git.branch': '',
    'bundle.git.commit': '',
    'workspace.current_user.userName': context.userName,
    'workspace.current_user.short_name': context.userName.split('@')[0],
    'workspace.file_path': filePath,
    'workspace.root_path': filePath.replace(/\/files$/, ''),
  };
  const lookup = (reference: string): string | undefined => {
    if (reference in fixed) return fixed[reference];
    const [head, variable] = reference.split('.');
    if (head === 'var' || head === 'variables') {
      if (!(variable in variables))
        throw invalid(
          `\${${reference}} refers to variable ${variable}, which is not declared.`,
        );
      return variables[variable];
    }
    return undefined;
  };
  // variables may refer to each other; a few passes settle any chain a person writes
  for (let pass = 0; pass < 5; pass++) {
    for (const [k, v] of Object.entries(variables))
      variables[k] = interpolate(v, lookup);
  }
  return {
    name,
    target,
    mode: typeof targetSpec.mode === 'string' ? targetSpec.mode : undefined,
    resources: interpolate(mergedResources, lookup),
    variables,
  };
}

/** A dataset a DLT source defines, with the names of its expectations. */
export interface DatasetSpec {
  name: string;
  expectations: string[];
}

/**
 * The datasets and expectations DLT Python sources declare: `@dlt.table(name="...")` with the
 * `@dlt.expect*` decorators under it (names given directly, in an `expect_all*` dict, or through a
 * module-level tuple of `Expectation("name", ...)`), and tables named `*_bronze` whose name comes
 * from a variable. Read with patterns, not a Python parser: enough for the sources a template renders.
 */
export function datasetsOfSources(sources: string[]): DatasetSpec[] {
  const text = sources.join('\n');
  const groups = new Map<string, string[]>();
  for (const m of text.matchAll(/^([A-Z][A-Z0-9_]*)\s*=\s*\(([\s\S]*?)^\)/gm)) {
    const names = [...m[2].matchAll(/Expectation\(\s*["']([^"']+)["']/g)].map(
      n => n[1],
    );
    if (names.length > 0) groups.set(m[1], names);
  }
  const datasets: DatasetSpec[] = [];
  const add = (name: string, expectations: string[]) => {
    if (!datasets.some(d => d.name === name))
      datasets.push({ name, expectations });
  };
  for (const m of text.matchAll(/["']([a-z][a-z0-9_]*_bronze)["']/g)) {
    add(m[1], []);
  }
  for (const m of text.matchAll(
    /@dlt\.(?:table|materialized_view|view)\(\s*name\s*=\s*["']([^"']+)["'][^\n]*\n((?:\s*@[^\n]*\n)*)\s*def /g,
  )) {
    const decorators = m[2];
    const expectations = [
      ...[...decorators.matchAll(/@dlt\.expect\w*\(\s*["']([^"']+)["']/g)].map(
        e => e[1],
      ),
      ...[
        ...decorators.matchAll(/@dlt\.expect_all\w*\(\s*\{([^}]*)\}/g),
      ].flatMap(e =>
        [...e[1].matchAll(/["']([^"']+)["']\s*:/g)].map(k => k[1]),
      ),
      ...[...decorators.matchAll(/\b([A-Z][A-Z0-9_]*)\b/g)].flatMap(
        g => groups.get(g[1]) ?? [],
      ),
    ];
    add(m[1], [...new Set(expectations)]);
  }
  return datasets;
}
