import { quartzCronProblems } from './quartzCron';
import { unsafeTextProblems } from './safeText';

/** One thing wrong with the form values, for the field a user would correct. */
export interface ValueProblem {
  /** dotted path of the form field, e.g. `gate.minPrAuc` */
  field: string;
  message: string;
}

export interface PipelineValuesContext {
  /** workspace aliases configured in the portal (`fmlops.workspaces`) */
  configuredWorkspaces: readonly string[];
}

export const BUNDLE_TARGETS = ['dev', 'acc', 'prd'] as const;
export const ALGORITHMS = [
  'xgboost',
  'lightgbm',
  'random_forest',
  'isolation_forest',
] as const;
export const PRIMARY_METRICS = ['pr_auc', 'f1', 'precision', 'recall'] as const;
const ALPHA_VANTAGE_SERIES = [
  'TIME_SERIES_DAILY_ADJUSTED',
  'TIME_SERIES_INTRADAY',
] as const;
const INTRADAY_INTERVALS = ['1min', '5min', '15min', '30min', '60min'] as const;
const WORKLOAD_SIZES = ['Small', 'Medium', 'Large'] as const;
const ROLLOUT_STRATEGIES = ['direct', 'canary'] as const;
const CI_PROVIDERS = ['github-actions', 'jenkins'] as const;
const PUBLISH_TARGETS = ['github', 'local'] as const;

// The generated Python package is named after the model: it must not be a keyword.
const PYTHON_KEYWORDS = new Set([
  'false',
  'none',
  'true',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

type Json = unknown;

/** Collects problems while reading the values, so that all are reported at once. */
class Checker {
  readonly problems: ValueProblem[] = [];

  constructor(private readonly root: Record<string, Json>) {}

  add(field: string, message: string) {
    this.problems.push({ field, message });
  }

  value(field: string): Json {
    let current: Json = this.root;
    for (const key of field.split('.')) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, Json>)[key];
    }
    return current;
  }

  string(field: string, required = true): string | undefined {
    const value = this.value(field);
    if (value === undefined || value === null || value === '') {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, `must be text, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(
    field: string,
    range: {
      min: number;
      max: number;
      integer?: boolean;
      exclusiveMin?: boolean;
    },
    required = true,
  ): number | undefined {
    const value = this.value(field);
    if (value === undefined || value === null || value === '') {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(field, `must be a number, got ${describe(value)}`);
      return undefined;
    }
    if (range.integer && !Number.isInteger(value)) {
      this.add(field, `must be a whole number, got ${value}`);
      return undefined;
    }
    const belowMin = range.exclusiveMin
      ? value <= range.min
      : value < range.min;
    if (belowMin || value > range.max) {
      this.add(
        field,
        `must be ${range.exclusiveMin ? 'above' : 'between'} ${range.min}${
          range.exclusiveMin ? ' and at most' : ' and'
        } ${range.max}, got ${value}`,
      );
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(
    field: string,
    allowed: readonly T[],
    required = true,
  ): T | undefined {
    const value = this.string(field, required);
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      this.add(field, `must be one of ${allowed.join(', ')}, got "${value}"`);
      return undefined;
    }
    return value as T;
  }

  list(
    field: string,
    options: { min: number; max: number; unique?: boolean },
  ): Json[] | undefined {
    const value = this.value(field);
    if (value === undefined || value === null) {
      this.add(field, 'is required');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(field, `must be a list, got ${describe(value)}`);
      return undefined;
    }
    if (value.length < options.min || value.length > options.max) {
      this.add(
        field,
        `must have ${options.min} to ${options.max} entries, got ${value.length}`,
      );
    }
    const seen = new Set<string>();
    for (const item of options.unique === false ? [] : value) {
      const key = JSON.stringify(item);
      if (seen.has(key)) this.add(field, `lists ${key} more than once`);
      seen.add(key);
    }
    return value;
  }
}

function describe(value: Json): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Problems with a Unity Catalog identifier (catalog, schema, model). Databricks accepts more with
 * backticks, but the generated SQL, bundle and Python use them unquoted.
 */
export function unityCatalogIdentifierProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 255)
    problems.push(`is ${value.length} characters long; at most 255`);
  if (/^[0-9]/.test(value)) problems.push('must not start with a digit');
  const forbidden: string[] = [];
  if (value.includes('`')) forbidden.push('backticks');
  if (value.includes('.')) forbidden.push('dots');
  if (/['"]/.test(value)) forbidden.push('quotes');
  if (/\s/.test(value)) forbidden.push('spaces');
  if (value.includes('-')) forbidden.push('hyphens');
  if (/[A-Z]/.test(value)) forbidden.push('upper-case letters');
  if (forbidden.length > 0) {
    problems.push(`must not contain ${forbidden.join(', ')}`);
  }
  if (forbidden.length === 0 && !/^[a-z0-9_]*$/.test(value)) {
    problems.push(
      'may only contain lower-case letters, digits and underscores',
    );
  }
  if (value === '') problems.push('is empty');
  return problems;
}

const ENTITY_REF = (kind: string) =>
  new RegExp(
    `^(?:${kind}:)?(?:[a-z0-9]+(?:[-_.][a-z0-9]+)*/)?[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$`,
    'i',
  );

function isValidTimeZone(zone: string): boolean {
  try {
    // throws a RangeError for zones the runtime's IANA database does not know
    Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function workspaceHostProblems(host: string, httpsOnly: boolean): string[] {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return [
      `"${host}" is not a URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net`,
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

/**
 * Checks the anomaly-detection-pipeline template's form values beyond what the form's JSON
 * schema can express: identifiers that end up in SQL, YAML and Python, threshold ordering,
 * Quartz cron syntax, known workspaces and text that could inject into the rendered files.
 * Returns every problem found.
 */
export function pipelineValueProblems(
  values: unknown,
  context: PipelineValuesContext,
): ValueProblem[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return [
      {
        field: 'values',
        message: `must be an object, got ${describe(values)}`,
      },
    ];
  }
  const c = new Checker(values as Record<string, Json>);

  // ---- project
  const name = c.string('name');
  if (name !== undefined) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
      const text = unsafeTextProblems(name);
      c.add(
        'name',
        `"${printable(
          name,
        )}" must be kebab-case: lower-case letters and digits separated by single hyphens, starting with a letter${
          text.length > 0 ? `; it ${text.join('; ')}` : ''
        }`,
      );
    } else {
      if (name.length < 3 || name.length > 50) {
        c.add('name', `must be 3 to 50 characters long, got ${name.length}`);
      }
      const packageName = name.replace(/-/g, '_');
      if (PYTHON_KEYWORDS.has(packageName)) {
        c.add(
          'name',
          `"${name}" is a Python keyword and cannot name the Python package`,
        );
      }
    }
  }
  const owner = c.string('owner');
  if (owner !== undefined && !ENTITY_REF('(?:group|user)').test(owner)) {
    c.add(
      'owner',
      `"${printable(
        owner,
      )}" is not a group or user reference, e.g. group:default/fraud-ml`,
    );
  }
  const description = c.string('description');
  if (description !== undefined) {
    for (const problem of unsafeTextProblems(description)) {
      c.add('description', problem);
    }
    if (description.length < 10 || description.length > 280) {
      c.add(
        'description',
        `must be 10 to 280 characters long, got ${description.length}`,
      );
    }
  }
  const system = c.string('system', false);
  if (system !== undefined && !ENTITY_REF('system').test(system)) {
    c.add(
      'system',
      `"${printable(
        system,
      )}" is not a system reference, e.g. system:default/fraud-detection`,
    );
  }
  const policy = c.string('policy', false);
  if (
    policy !== undefined &&
    !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(policy)
  ) {
    c.add(
      'policy',
      `"${printable(
        policy,
      )}" must be a lower-case policy name of letters, digits and hyphens`,
    );
  }

  // ---- Databricks
  for (const target of BUNDLE_TARGETS) {
    const host = c.string(`workspaces.${target}`);
    if (host !== undefined) {
      for (const problem of workspaceHostProblems(host, target !== 'dev')) {
        c.add(`workspaces.${target}`, problem);
      }
    }
  }
  const servingWorkspace = c.string('servingWorkspace');
  if (servingWorkspace !== undefined) {
    const known = new Set<string>([
      ...BUNDLE_TARGETS,
      ...context.configuredWorkspaces,
    ]);
    if (!known.has(servingWorkspace)) {
      c.add(
        'servingWorkspace',
        `"${printable(servingWorkspace)}" is not a known workspace; known: ${[
          ...known,
        ].join(', ')}`,
      );
    } else if (!context.configuredWorkspaces.includes(servingWorkspace)) {
      c.add(
        'servingWorkspace',
        `"${servingWorkspace}" is not configured in the portal (fmlops.workspaces${
          context.configuredWorkspaces.length > 0
            ? ` has ${context.configuredWorkspaces.join(', ')}`
            : ' is empty'
        }); the model could not be registered or shown`,
      );
    }
  }
  for (const field of ['catalog', 'schema']) {
    const identifier = c.string(field);
    if (identifier !== undefined) {
      for (const problem of unityCatalogIdentifierProblems(identifier)) {
        c.add(field, `"${printable(identifier)}" ${problem}`);
      }
    }
  }
  const warehouseId = c.string('warehouseId');
  if (warehouseId !== undefined && !/^[a-f0-9]{16}$/.test(warehouseId)) {
    c.add(
      'warehouseId',
      `"${printable(warehouseId)}" must be 16 lower-case hex characters`,
    );
  }
  const nodeTypeId = c.string('nodeTypeId');
  if (
    nodeTypeId !== undefined &&
    !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(nodeTypeId)
  ) {
    c.add(
      'nodeTypeId',
      `"${printable(nodeTypeId)}" is not a node type id, e.g. i3.xlarge`,
    );
  }
  const servicePrincipalId = c.string('servicePrincipalId', false);
  if (
    servicePrincipalId !== undefined &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      servicePrincipalId,
    )
  ) {
    c.add(
      'servicePrincipalId',
      `"${printable(
        servicePrincipalId,
      )}" must be a lower-case UUID (the application id)`,
    );
  }

  // ---- data sources
  const symbols: Array<[string, RegExp, number]> = [
    ['finnhubSymbols', /^[A-Z0-9][A-Z0-9.:_-]{0,31}$/, 50],
    ['alphaVantageSymbols', /^[A-Z0-9][A-Z0-9.-]{0,15}$/, 25],
  ];
  for (const [field, pattern, max] of symbols) {
    const list = c.list(field, { min: 1, max });
    list?.forEach((symbol, i) => {
      if (typeof symbol !== 'string' || !pattern.test(symbol)) {
        c.add(
          `${field}.${i}`,
          `${
            typeof symbol === 'string'
              ? `"${printable(symbol)}"`
              : describe(symbol)
          } is not an upper-case ticker, e.g. AAPL`,
        );
      }
    });
  }
  const series = c.list('alphaVantageSeries', {
    min: 1,
    max: ALPHA_VANTAGE_SERIES.length,
  });
  series?.forEach((_, i) =>
    c.oneOf(`alphaVantageSeries.${i}`, ALPHA_VANTAGE_SERIES),
  );
  const intraday = series?.includes('TIME_SERIES_INTRADAY') ?? false;
  c.oneOf('intradayInterval', INTRADAY_INTERVALS, intraday);

  // ---- tournament and gate
  const algorithms = c.list('algorithms', { min: 1, max: ALGORITHMS.length });
  algorithms?.forEach((_, i) => c.oneOf(`algorithms.${i}`, ALGORITHMS));
  c.oneOf('primaryMetric', PRIMARY_METRICS);
  c.number('searchIterations', { min: 1, max: 50, integer: true });
  c.number('gate.minPrAuc', { min: 0, max: 1 });
  c.number('gate.minF1', { min: 0, max: 1 });
  c.number('gate.minImprovement', { min: 0, max: 1 });

  // ---- drift and retraining
  const psiWarning = c.number('drift.psiWarning', {
    min: 0,
    max: 10,
    exclusiveMin: true,
  });
  const psiDrift = c.number('drift.psiDrift', {
    min: 0,
    max: 10,
    exclusiveMin: true,
  });
  if (
    psiWarning !== undefined &&
    psiDrift !== undefined &&
    psiWarning >= psiDrift
  ) {
    c.add(
      'drift.psiDrift',
      `must be above the warning level (${psiWarning}), got ${psiDrift}`,
    );
  }
  c.number('drift.jsDistanceDrift', { min: 0, max: 1, exclusiveMin: true });
  const schedule = c.string('drift.schedule');
  if (schedule !== undefined) {
    for (const problem of quartzCronProblems(schedule)) {
      c.add('drift.schedule', `"${printable(schedule)}" ${problem}`);
    }
  }
  const timezone = c.string('drift.timezone', false);
  if (
    timezone !== undefined &&
    !(
      /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(timezone) &&
      isValidTimeZone(timezone)
    )
  ) {
    c.add(
      'drift.timezone',
      `"${printable(
        timezone,
      )}" is not an IANA time zone, e.g. UTC or Europe/Amsterdam`,
    );
  }
  const windowsInDrift = c.number('retraining.windowsInDrift', {
    min: 1,
    max: 48,
    integer: true,
  });
  const ofLastWindows = c.number('retraining.ofLastWindows', {
    min: 1,
    max: 168,
    integer: true,
  });
  if (
    windowsInDrift !== undefined &&
    ofLastWindows !== undefined &&
    ofLastWindows < windowsInDrift
  ) {
    c.add(
      'retraining.ofLastWindows',
      `must be at least windowsInDrift (${windowsInDrift}), got ${ofLastWindows}`,
    );
  }
  c.number('retraining.cooldownHours', { min: 0, max: 720, integer: true });
  c.number('retraining.minPrAucFloor', { min: 0, max: 1 }, false);

  // ---- serving
  c.oneOf('serving.workloadSize', WORKLOAD_SIZES);
  if (typeof c.value('serving.scaleToZero') !== 'boolean') {
    c.add(
      'serving.scaleToZero',
      `must be true or false, got ${describe(c.value('serving.scaleToZero'))}`,
    );
  }
  const strategy = c.oneOf('serving.rolloutStrategy', ROLLOUT_STRATEGIES);
  if (strategy === 'canary') {
    canaryStepProblems(c);
  }
  c.number('serving.bakeMinutes', { min: 1, max: 1440, integer: true });
  c.number('serving.maxP99LatencyMs', { min: 1, max: 60000 }, false);
  c.number('serving.maxErrorRate', { min: 0, max: 1 }, false);

  // ---- delivery
  c.oneOf('ciProvider', CI_PROVIDERS);
  const publishTarget = c.oneOf('publishTarget', PUBLISH_TARGETS);
  if (publishTarget === 'github') {
    const repoUrl = c.string('repoUrl');
    if (
      repoUrl !== undefined &&
      !/^github\.com\?(?=.*\bowner=[A-Za-z0-9-]+)(?=.*\brepo=[A-Za-z0-9._-]+)[A-Za-z0-9=&._-]+$/.test(
        repoUrl,
      )
    ) {
      c.add(
        'repoUrl',
        `"${printable(
          repoUrl,
        )}" must be github.com?owner=<owner>&repo=<repository>`,
      );
    }
  }
  return c.problems;
}

function canaryStepProblems(c: Checker) {
  const steps = c.list('serving.canarySteps', {
    min: 1,
    max: 10,
    // a repeated step is reported as not increasing
    unique: false,
  });
  if (!steps) return;
  const numbers: number[] = [];
  steps.forEach((_, i) => {
    const step = c.number(`serving.canarySteps.${i}`, {
      min: 1,
      max: 100,
      integer: true,
    });
    if (step !== undefined) numbers.push(step);
  });
  if (numbers.length !== steps.length) return;
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i] <= numbers[i - 1]) {
      c.add(
        'serving.canarySteps',
        `must increase step by step, but ${numbers[i]} % follows ${
          numbers[i - 1]
        } %`,
      );
      break;
    }
  }
  if (numbers.length > 0 && numbers[numbers.length - 1] !== 100) {
    c.add(
      'serving.canarySteps',
      `must end at 100 % so the challenger takes all traffic, ends at ${
        numbers[numbers.length - 1]
      } %`,
    );
  }
}

/** Shows line breaks and other invisible characters of a value quoted in a message. */
function printable(text: string): string {
  const shown = JSON.stringify(text).slice(1, -1);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

/** The problems as one message, one field a line. */
export function formatProblems(problems: readonly ValueProblem[]): string {
  return problems.map(p => `- ${p.field}: ${p.message}`).join('\n');
}
