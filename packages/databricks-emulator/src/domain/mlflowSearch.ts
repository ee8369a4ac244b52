import type { ml } from '@databricks/sdk-experimental';
import { invalid } from './errors';

/**
 * MLflow's search syntax, as people write it: `metrics.pr_auc > 0.8 AND params.algorithm =
 * 'xgboost' AND tags.\`fmlops.winner\` = 'true'`, with =, !=, <, <=, >, >=, LIKE, ILIKE, IN,
 * NOT IN; and order_by clauses like `metrics.pr_auc DESC`, `attributes.start_time`.
 */

type Entity = 'metrics' | 'params' | 'tags' | 'attributes';
export interface Clause {
  entity: Entity;
  key: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';
  value: string | number | Array<string | number>;
}

const ENTITY_ALIASES: Record<string, Entity> = {
  metrics: 'metrics',
  metric: 'metrics',
  params: 'params',
  param: 'params',
  parameter: 'params',
  parameters: 'params',
  tags: 'tags',
  tag: 'tags',
  attributes: 'attributes',
  attribute: 'attributes',
  attr: 'attributes',
  run: 'attributes',
};

const ATTRIBUTES = new Set([
  'run_id',
  'run_name',
  'status',
  'start_time',
  'end_time',
  'artifact_uri',
  'user_id',
  'lifecycle_stage',
]);

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skip() {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
  done() {
    this.skip();
    return this.pos >= this.text.length;
  }
  fail(message: string): never {
    throw invalid(
      `Invalid filter '${this.text}': ${message} at position ${this.pos}`,
    );
  }
  word(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }
  key(): string {
    this.skip();
    const q = this.text[this.pos];
    if (q === '`' || q === '"') {
      const end = this.text.indexOf(q, this.pos + 1);
      if (end < 0) this.fail('unterminated quoted key');
      const k = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return k;
    }
    const m =
      /^[A-Za-z0-9_.\-/ ]*?(?=\s*(?:!=|<=|>=|=|<|>|\s(?:NOT\s+)?(?:I?LIKE|IN)\b))/i.exec(
        this.text.slice(this.pos),
      );
    if (!m || !m[0]) this.fail('expected a key');
    this.pos += m[0].length;
    return m[0].trim();
  }
  value(): string | number {
    this.skip();
    const q = this.text[this.pos];
    if (q === "'" || q === '"') {
      const end = this.text.indexOf(q, this.pos + 1);
      if (end < 0) this.fail('unterminated string');
      const v = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return v;
    }
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a number or a quoted string');
    this.pos += m[0].length;
    return Number(m[0]);
  }
  accept(re: RegExp): string | undefined {
    this.skip();
    const m = re.exec(this.text.slice(this.pos));
    if (!m || m.index !== 0) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

export function parseFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return [];
  const c: Cursor = new Cursor(filter);
  const clauses: Clause[] = [];
  do {
    const prefix = c.word();
    let entity: Entity;
    let key: string;
    if (c.accept(/^\./)) {
      entity =
        ENTITY_ALIASES[prefix.toLowerCase()] ??
        c.fail(`unknown entity type '${prefix}'`);
      key = c.key();
    } else if (ATTRIBUTES.has(prefix)) {
      entity = 'attributes';
      key = prefix;
    } else {
      c.fail(
        `'${prefix}' needs a prefix: metrics., params., tags. or attributes.`,
      );
    }
    const op = (c.accept(/^(!=|<=|>=|=|<|>)/) ??
      c
        .accept(/^NOT\s+IN\b/i)
        ?.toUpperCase()
        .replace(/\s+/, ' ') ??
      c.accept(/^(I?LIKE|IN)\b/i)?.toUpperCase() ??
      c.fail('expected a comparison operator')) as Clause['op'];
    let value: Clause['value'];
    if (op === 'IN' || op === 'NOT IN') {
      if (!c.accept(/^\(/)) c.fail('expected ( after IN');
      const list: Array<string | number> = [];
      do list.push(c.value());
      while (c.accept(/^,/));
      if (!c.accept(/^\)/)) c.fail('expected )');
      value = list;
    } else {
      value = c.value();
    }
    if (
      entity === 'metrics' &&
      typeof value !== 'number' &&
      !['IN', 'NOT IN'].includes(op)
    ) {
      c.fail(`metrics compare with numbers, not '${value}'`);
    }
    if (
      (entity === 'params' || entity === 'tags') &&
      typeof value === 'number'
    ) {
      c.fail(`${entity} compare with quoted strings`);
    }
    clauses.push({ entity, key, op, value });
  } while (c.accept(/^AND\b/i));
  if (!c.done()) c.fail('expected AND or the end of the filter');
  return clauses;
}

function likeToRegExp(pattern: string, insensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, insensitive ? 'i' : '');
}

function attribute(run: ml.Run, key: string): string | number | undefined {
  const info = run.info ?? {};
  switch (key) {
    case 'run_id':
      return info.run_id;
    case 'run_name':
      return info.run_name;
    case 'status':
      return info.status;
    case 'start_time':
      return info.start_time;
    case 'end_time':
      return info.end_time;
    case 'artifact_uri':
      return info.artifact_uri;
    case 'user_id':
      return info.user_id;
    case 'lifecycle_stage':
      return info.lifecycle_stage;
    default:
      return undefined;
  }
}

function valueOf(
  run: ml.Run,
  entity: Entity,
  key: string,
): string | number | undefined {
  switch (entity) {
    case 'metrics':
      return run.data?.metrics?.find(m => m.key === key)?.value;
    case 'params':
      return run.data?.params?.find(p => p.key === key)?.value;
    case 'tags':
      return run.data?.tags?.find(t => t.key === key)?.value;
    default:
      return attribute(run, key);
  }
}

export function matches(run: ml.Run, clauses: Clause[]): boolean {
  return clauses.every(({ entity, key, op, value }) => {
    const actual = valueOf(run, entity, key);
    // as in MLflow's SQL store: a run without the metric, param or tag never matches
    if (actual === undefined) return false;
    switch (op) {
      case '=':
        return actual === value || String(actual) === String(value);
      case '!=':
        return String(actual) !== String(value);
      case '<':
        return Number(actual) < Number(value);
      case '<=':
        return Number(actual) <= Number(value);
      case '>':
        return Number(actual) > Number(value);
      case '>=':
        return Number(actual) >= Number(value);
      case 'LIKE':
      case 'ILIKE':
        return likeToRegExp(String(value), op === 'ILIKE').test(String(actual));
      case 'IN':
        return (value as Array<string | number>)
          .map(String)
          .includes(String(actual));
      case 'NOT IN':
        return !(value as Array<string | number>)
          .map(String)
          .includes(String(actual));
      default:
        return false;
    }
  });
}

/** Sorts runs by `order_by` clauses; runs without the key sort last; ties by start time, newest first. */
export function sortRuns(
  runs: ml.Run[],
  orderBy: string[] | undefined,
): ml.Run[] {
  const keys = (orderBy ?? []).map(clause => {
    const m =
      /^\s*(?:(metrics|params|tags|attributes|attribute|metric|param|tag)\.)?(`[^`]+`|[A-Za-z0-9_.]+)\s*(ASC|DESC)?\s*$/i.exec(
        clause,
      );
    if (!m) throw invalid(`Invalid order_by clause '${clause}'`);
    const entity = (ENTITY_ALIASES[(m[1] ?? 'attributes').toLowerCase()] ??
      'attributes') as Entity;
    return {
      entity,
      key: m[2].replace(/`/g, ''),
      desc: (m[3] ?? 'ASC').toUpperCase() === 'DESC',
    };
  });
  return [...runs].sort((a, b) => {
    for (const k of keys) {
      const va = valueOf(a, k.entity, k.key);
      const vb = valueOf(b, k.entity, k.key);
      if (va === vb) continue;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const cmp =
        typeof va === 'number' && typeof vb === 'number'
          ? va - vb
          : String(va).localeCompare(String(vb));
      if (cmp !== 0) return k.desc ? -cmp : cmp;
    }
    return Number(b.info?.start_time ?? 0) - Number(a.info?.start_time ?? 0);
  });
}
