import { quartzCronProblems } from '../quartzCron';
import { unsafeTextProblems } from '../safeText';
import { describe, printable } from './problems';
import { unityCatalogIdentifierProblems } from './unityCatalog';

/**
 * What a user reads when a value breaks its field's `pattern` or `enum` in the template's schema:
 * the schema decides whether a value is valid, these say why it is not and how a valid one looks.
 */

type Explain = (value: string) => string[];

const quoted = (value: string) => `"${printable(value)}"`;

const ticker: Explain = v => [
  `${quoted(v)} is not an upper-case ticker, e.g. AAPL`,
];
const identifier: Explain = v =>
  unityCatalogIdentifierProblems(v).map(p => `${quoted(v)} ${p}`);
export const notATimeZone = (v: string) =>
  `${quoted(v)} is not an IANA time zone, e.g. UTC or Europe/Amsterdam`;

// by field, with list indexes as `*`
const PATTERN_EXPLANATIONS: Record<string, Explain> = {
  name: v => {
    const text = unsafeTextProblems(v);
    return [
      `${quoted(
        v,
      )} must be kebab-case: lower-case letters and digits separated by single hyphens, starting with a letter${
        text.length > 0 ? `; it ${text.join('; ')}` : ''
      }`,
    ];
  },
  owner: v => [
    `${quoted(
      v,
    )} is not a group or user reference, e.g. group:default/fraud-ml`,
  ],
  system: v => [
    `${quoted(
      v,
    )} is not a system reference, e.g. system:default/fraud-detection`,
  ],
  policy: v => [
    `${quoted(
      v,
    )} must be a lower-case policy name of letters, digits and hyphens`,
  ],
  'workspaces.dev': v => workspaceHostProblems(v, false),
  'workspaces.acc': v => workspaceHostProblems(v, true),
  'workspaces.prd': v => workspaceHostProblems(v, true),
  catalog: identifier,
  schema: identifier,
  warehouseId: v => [`${quoted(v)} must be 16 lower-case hex characters`],
  nodeTypeId: v => [`${quoted(v)} is not a node type id, e.g. i3.xlarge`],
  servicePrincipalId: v => [
    `${quoted(v)} must be a lower-case UUID (the application id)`,
  ],
  'finnhubSymbols.*': ticker,
  'alphaVantageSymbols.*': ticker,
  'drift.schedule': v => quartzCronProblems(v).map(p => `${quoted(v)} ${p}`),
  'drift.timezone': v => [notATimeZone(v)],
  trainingSchedule: v => quartzCronProblems(v).map(p => `${quoted(v)} ${p}`),
  notificationEmail: v => [`${quoted(v)} is not an e-mail address`],
  portalUrl: v => [
    `${quoted(
      v,
    )} must be the portal's base URL, e.g. https://backstage.example.com`,
  ],
  repoUrl: v => [
    `${quoted(v)} must be github.com?owner=<owner>&repo=<repository>`,
  ],
};

/** Why `value` does not match the `pattern` of `field`. */
export function explainPattern(
  field: string,
  value: string,
  pattern: string,
): string[] {
  const explained =
    PATTERN_EXPLANATIONS[field.replace(/\.\d+(?=\.|$)/g, '.*')]?.(value) ?? [];
  // a value the explanation finds nothing wrong with still breaks the pattern: show the pattern
  return explained.length > 0
    ? explained
    : [`${quoted(value)} does not have the expected form ${pattern}`];
}

/** Why `value` is none of the `allowed` values of `field`. */
export function explainEnum(
  field: string,
  value: unknown,
  allowed: readonly unknown[],
): string {
  const shown = typeof value === 'string' ? quoted(value) : describe(value);
  if (field === 'servingWorkspace') {
    return `${shown} is not a known workspace; known: ${allowed.join(', ')}`;
  }
  return `must be one of ${allowed.join(', ')}, got ${shown}`;
}

function workspaceHostProblems(host: string, httpsOnly: boolean): string[] {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return [
      `${quoted(
        host,
      )} is not a URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net`,
    ];
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && (httpsOnly || url.protocol !== 'http:')) {
    problems.push(
      `must use ${
        httpsOnly ? 'https' : 'http or https'
      }, got ${url.protocol.replace(':', '')}`,
    );
  }
  if (url.username || url.password) {
    problems.push('must not contain credentials');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    problems.push('must be the workspace host only, without a path or query');
  }
  return problems;
}
