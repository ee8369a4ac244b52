/**
 * Free text from the form (descriptions, names) is written into YAML, Markdown, Python and CI
 * files of the rendered project. These checks keep such text from changing the structure of
 * those files or running anything.
 */

const TEMPLATE_MARKERS: ReadonlyArray<[string, string]> = [
  ['${{', 'a template expression (${{)'],
  ['{{', 'a template expression ({{)'],
  ['}}', 'a template expression (}})'],
  ['{%', 'a template tag ({%)'],
  ['%}', 'a template tag (%})'],
  ['{#', 'a template comment ({#)'],
];

const SHELL_CHARACTERS = ['`', '$', ';', '|', '&', '<', '>', '\\', '"'];

// A plain YAML scalar cannot start with these.
const YAML_INDICATORS = '-?:,[]{}#&*!|>\'"%@`';

/** Problems of one line of free text, each phrased to follow the field's name. */
export function unsafeTextProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[\r\n\u2028\u2029]/.test(text)) {
    problems.push(
      'must be a single line (line breaks would break the generated YAML)',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    problems.push('contains control characters');
  }
  for (const [marker, what] of TEMPLATE_MARKERS) {
    if (text.includes(marker)) {
      problems.push(`must not contain ${what}`);
      break;
    }
  }
  const shell = SHELL_CHARACTERS.filter(c => text.includes(c));
  if (shell.length > 0) {
    problems.push(
      `must not contain shell metacharacters (${shell.join(
        ' ',
      )}); write "and" instead of &`,
    );
  }
  if (/(^|[\\/])\.\.([\\/]|$)/.test(text)) {
    problems.push('must not contain a parent-directory path (../)');
  }
  if (/:\s/.test(text) || /\s#/.test(text)) {
    problems.push(
      'must not contain ": " or " #" (they change the meaning of the generated YAML)',
    );
  }
  const first = text.trimStart().charAt(0);
  if (first && YAML_INDICATORS.includes(first)) {
    problems.push(`must not start with "${first}"`);
  }
  if (text !== text.trim()) {
    problems.push('must not start or end with spaces');
  }
  return problems;
}
