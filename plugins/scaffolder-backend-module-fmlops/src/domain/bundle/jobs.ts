import type { ResourceDefinition } from './declarations';
import { isCheckableLocalPath, type FileExists } from './localFiles';
import type { ReportProblem } from './problems';
import { isMapping, list, text, type Yaml } from './yamlValues';

/**
 * A job's tasks: unique keys, dependencies on tasks of the same job without cycles, and local
 * notebook, Python and SQL files that exist (files from Git are left to deploy time).
 */
export function checkJob(
  job: ResourceDefinition,
  fileExists: FileExists,
  report: ReportProblem,
) {
  if (!isMapping(job.value)) return;
  const usesGit = job.value.git_source !== undefined;
  const tasks = list(job.value.tasks);
  const keys = new Set<string>();
  tasks.forEach((task, i) => {
    const key = isMapping(task) ? text(task.task_key) : undefined;
    if (!key) return; // a structural problem: see checkTasksHaveKeys
    if (keys.has(key)) {
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
    for (const [field, value, notebook, source] of taskFiles(task)) {
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

/**
 * Every task has a task_key: the one structural rule of jobs the checks above rely on, for bundles
 * checked without the official bundle schema (which requires it).
 */
export function checkTasksHaveKeys(
  job: ResourceDefinition,
  report: ReportProblem,
) {
  if (!isMapping(job.value)) return;
  list(job.value.tasks).forEach((task, i) => {
    if (!isMapping(task) || !text(task.task_key)) {
      report(job.file.name, `${job.at}.tasks[${i}]`, 'has no task_key');
    }
  });
}

/** The files a task runs: [field, path, is a notebook, source (GIT or WORKSPACE)]. */
function taskFiles(
  task: Record<string, Yaml>,
): Array<[string, Yaml, boolean, Yaml]> {
  return [
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
