/**
 * One broken part of a Databricks Asset Bundle.
 *
 * @public
 */
export interface BundleProblem {
  /** the file, relative to the bundle root */
  file: string;
  /** where in the file, e.g. `resources.jobs.tournament.tasks[2].depends_on[0]`; empty for the whole file */
  at: string;
  message: string;
}

/** Records a problem; every check reports through one, so that all problems are listed at once. */
export type ReportProblem = (file: string, at: string, message: string) => void;

/**
 * The problems as one message, one a line.
 *
 * @public
 */
export function formatBundleProblems(
  problems: readonly BundleProblem[],
): string {
  return problems
    .map(p => `- ${p.file}${p.at ? ` ${p.at}` : ''}: ${p.message}`)
    .join('\n');
}
