import { ApiError, WorkspaceClient } from '@databricks/sdk-experimental';

/**
 * The parity corpus: for every Databricks call fmlops makes, what a real workspace answers (the
 * response's shape, its error body and status, the state it moves through), each case naming the
 * public source it rests on. The contract tests run every case against the local workspace, and
 * against a real one when DATABRICKS_HOST and DATABRICKS_TOKEN are set (see README, "Parity").
 */

/** The resources a case works on: the local workspace's canary scenario, or a real workspace's. */
export interface ParityNames {
  endpoint: string;
  ucModel: string;
  experimentId: string;
  jobId: string;
  pipelineId: string;
  warehouseId: string;
  /** a job whose task copies a model version (MLflow copy_model_version), reading job parameters */
  promotionJobId: string;
}

export interface ParityTarget {
  kind: 'local' | 'real';
  client: WorkspaceClient;
  names: Partial<ParityNames>;
  /** whether cases that change the workspace may run (always locally; opt-in on a real one) */
  writes: boolean;
  /** waits until `done` holds: locally by moving emulated time on, on a real workspace by polling */
  settle<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T>;
  /** a name the case may use for something it creates and removes again */
  scratch: string;
  /** the same workspace through a client with another token */
  clientWithToken(token: string): WorkspaceClient;
}

/**
 * A type a response field must have: a JSON type, a list of the values an enum allows, or a
 * pattern a string matches. A path ending in `?` may be absent; `[]` steps into every item of a
 * list, e.g. `config.served_entities[].workload_type`.
 */
export type FieldSpec =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | readonly string[]
  | RegExp;
export type Shape = Record<string, FieldSpec>;

export type Expectation =
  /** the call answers, and the answer has this shape */
  | { shape: Shape }
  /** the call fails with this status and one of these error codes (where sources disagree) */
  | {
      error: { status: number; errorCode: readonly string[]; message?: RegExp };
    };

export interface ParityCase {
  /** stable id, also the recorded snapshot's file name: `<service>.<call>.<situation>` */
  id: string;
  /** the SDK calls it makes, as fmlops' gateway names them, e.g. `servingEndpoints.updateConfig` */
  calls: readonly string[];
  /** what a real workspace does, in one sentence */
  behaviour: string;
  /** the public sources it rests on: documentation pages, SDK models and tests, official integrations */
  sources: readonly string[];
  /** the resources it needs (a real workspace runs only the cases whose resources it names) */
  needs: ReadonlyArray<keyof ParityNames>;
  /** it changes the workspace (serving config, aliases, job runs) */
  writes?: boolean;
  run(target: ParityTarget): Promise<unknown>;
  expect: Expectation;
}

/** What a call came back with, the same way for answers and errors. */
export type Outcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      status?: number;
      errorCode?: string;
      message: string;
      body?: unknown;
    };

export async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await call };
  } catch (e) {
    if (e instanceof ApiError) {
      return {
        ok: false,
        status: e.statusCode,
        errorCode: e.errorCode,
        message: e.message,
        body: e.response,
      };
    }
    return { ok: false, message: String(e) };
  }
}

/** Where an outcome breaks the case's expectation; empty when it holds. */
export function violations(
  expectation: Expectation,
  outcome: Outcome,
): string[] {
  if ('error' in expectation) {
    const { status, errorCode, message } = expectation.error;
    if (outcome.ok)
      return [`expected ${status} ${errorCode.join('|')}, got an answer`];
    const problems: string[] = [];
    if (outcome.status !== status)
      problems.push(`status ${outcome.status}, expected ${status}`);
    if (!outcome.errorCode || !errorCode.includes(outcome.errorCode)) {
      problems.push(
        `error_code ${outcome.errorCode}, expected ${errorCode.join('|')}`,
      );
    }
    const body = outcome.body as
      | { error_code?: unknown; message?: unknown }
      | undefined;
    if (
      typeof body?.error_code !== 'string' ||
      typeof body?.message !== 'string'
    ) {
      problems.push('the error body is not { error_code, message }');
    }
    if (message && !message.test(outcome.message)) {
      problems.push(`message '${outcome.message}' does not match ${message}`);
    }
    return problems;
  }
  if (!outcome.ok) {
    return [
      `failed: ${outcome.status ?? ''} ${outcome.errorCode ?? ''} ${
        outcome.message
      }`,
    ];
  }
  return shapeViolations(outcome.value, expectation.shape);
}

export function shapeViolations(value: unknown, shape: Shape): string[] {
  const problems: string[] = [];
  for (const [rawPath, spec] of Object.entries(shape)) {
    const optional = rawPath.endsWith('?');
    const path = optional ? rawPath.slice(0, -1) : rawPath;
    const found = valuesAt(value, path.split('.'));
    if (found.length === 0 && !optional) problems.push(`${path} is missing`);
    for (const v of found) {
      if (v === undefined) {
        if (!optional) problems.push(`${path} is missing`);
      } else if (!fits(v, spec)) {
        problems.push(
          `${path} is ${JSON.stringify(v)?.slice(0, 80)}, expected ${describe(
            spec,
          )}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}

function valuesAt(value: unknown, steps: string[]): unknown[] {
  if (steps.length === 0) return [value];
  const [step, ...rest] = steps;
  const list = step.endsWith('[]');
  const key = list ? step.slice(0, -2) : step;
  let child: unknown = value;
  if (key !== '') {
    child =
      value && typeof value === 'object'
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  if (!list) return child === undefined ? [undefined] : valuesAt(child, rest);
  if (child === undefined) return [undefined];
  if (!Array.isArray(child)) return [Symbol.for('not a list')];
  return child.flatMap(item => valuesAt(item, rest));
}

function fits(v: unknown, spec: FieldSpec): boolean {
  if (spec instanceof RegExp) return typeof v === 'string' && spec.test(v);
  if (Array.isArray(spec)) return typeof v === 'string' && spec.includes(v);
  if (spec === 'array') return Array.isArray(v);
  if (spec === 'object')
    return !!v && typeof v === 'object' && !Array.isArray(v);
  return typeof v === spec;
}

function describe(spec: FieldSpec): string {
  if (spec instanceof RegExp) return String(spec);
  if (Array.isArray(spec)) return spec.join('|');
  return String(spec);
}

/**
 * A value's structure without its data: the JSON type at every path (`[]` for list items). This
 * is what a recorded snapshot keeps of a real workspace's answer, so it holds no names or ids.
 */
export function typesByPath(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (Array.isArray(value)) {
    out[prefix || '.'] = 'array';
    for (const item of value) typesByPath(item, `${prefix}[]`, out);
  } else if (value && typeof value === 'object') {
    out[prefix || '.'] = 'object';
    for (const [k, v] of Object.entries(value)) {
      typesByPath(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (value !== undefined) {
    out[prefix || '.'] = value === null ? 'null' : typeof value;
  }
  return out;
}

/** A snapshot recorded against a real workspace (src/parity/recorded/<case id>.json). */
export interface RecordedSnapshot {
  case: string;
  recordedAt: string;
  outcome:
    | { ok: true; types: Record<string, string> }
    | { ok: false; status?: number; errorCode?: string; message: string };
}

export function snapshotOf(
  id: string,
  outcome: Outcome,
  at: Date,
): RecordedSnapshot {
  return {
    case: id,
    recordedAt: at.toISOString(),
    outcome: outcome.ok
      ? { ok: true, types: typesByPath(outcome.value) }
      : {
          ok: false,
          status: outcome.status,
          errorCode: outcome.errorCode,
          message: outcome.message,
        },
  };
}

/**
 * Where a local outcome differs from what a real workspace was recorded answering: another
 * status or error code, or a field both have with another type. (Fields only one side has are
 * fine: real answers carry fields fmlops does not read, and lists may be empty.)
 */
export function snapshotDifferences(
  recorded: RecordedSnapshot,
  local: Outcome,
): string[] {
  const real = recorded.outcome;
  if (real.ok !== local.ok) {
    return [
      `the real workspace ${real.ok ? 'answered' : 'failed'}, the local one ${
        local.ok ? 'answered' : 'failed'
      }`,
    ];
  }
  if (!real.ok && !local.ok) {
    return real.status === local.status && real.errorCode === local.errorCode
      ? []
      : [
          `real ${real.status} ${real.errorCode}, local ${local.status} ${local.errorCode}`,
        ];
  }
  if (!real.ok || !local.ok) return [];
  const localTypes = typesByPath(local.value);
  return Object.entries(real.types)
    .filter(
      ([path, type]) =>
        localTypes[path] !== undefined && localTypes[path] !== type,
    )
    .map(([path, type]) => `${path}: real ${type}, local ${localTypes[path]}`);
}
