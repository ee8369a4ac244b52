/** Accessors for parsed YAML of unknown shape: a wrong shape reads as absent. */

export type Yaml = unknown;
export type Mapping = Record<string, Yaml>;

export const isMapping = (value: Yaml): value is Mapping =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const entries = (value: Yaml): Array<[string, Yaml]> =>
  isMapping(value) ? Object.entries(value) : [];

export const list = (value: Yaml): Yaml[] =>
  Array.isArray(value) ? value : [];

export const text = (value: Yaml): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Calls `visit` with every string in `value` and its place, e.g. `tasks[0].notebook_task.notebook_path`. */
export function walkStrings(
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
