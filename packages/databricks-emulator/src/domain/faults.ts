/**
 * Faults the local workspace injects, per route: latency, 429 with Retry-After, 5xx, stalls (no
 * answer until the client gives up), connection resets, failed serving updates.
 */
export interface FaultRule {
  /** HTTP method, or * */
  method?: string;
  /** a path glob: * matches one path segment part, ** anything, e.g. /api/2.0/serving-endpoints/** */
  path: string;
  kind:
    | 'latency'
    | 'rate-limit'
    | 'error'
    | 'stall'
    | 'reset'
    | 'serving-update-fails';
  /** latency: added milliseconds */
  latencyMs?: number;
  /** rate-limit: the Retry-After seconds sent */
  retryAfterSeconds?: number;
  /** error: the status (500, 503, ...) */
  status?: number;
  /** chance of firing, 0..1 (default 1) */
  probability?: number;
  /** fire this many times, then stop (default: forever) */
  count?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  fired: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${body}$`);
}

export class FaultInjector {
  private readonly faults: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): ActiveFault {
    const kinds = [
      'latency',
      'rate-limit',
      'error',
      'stall',
      'reset',
      'serving-update-fails',
    ];
    if (!rule || typeof rule.path !== 'string' || !rule.path.startsWith('/')) {
      throw new Error('a fault needs a path glob starting with /');
    }
    if (!kinds.includes(rule.kind)) {
      throw new Error(`a fault's kind is one of ${kinds.join(', ')}`);
    }
    if (
      rule.probability !== undefined &&
      !(rule.probability >= 0 && rule.probability <= 1)
    ) {
      throw new Error('probability must be between 0 and 1');
    }
    if (
      rule.count !== undefined &&
      !(Number.isInteger(rule.count) && rule.count > 0)
    ) {
      throw new Error('count must be a positive whole number');
    }
    if (
      rule.kind === 'error' &&
      rule.status !== undefined &&
      !(
        Number.isInteger(rule.status) &&
        rule.status >= 500 &&
        rule.status <= 599
      )
    ) {
      throw new Error('an error fault status must be a 5xx (500, 503, ...)');
    }
    if (
      rule.kind === 'latency' &&
      !(typeof rule.latencyMs === 'number' && rule.latencyMs > 0)
    ) {
      throw new Error('a latency fault needs latencyMs > 0');
    }
    if (
      rule.kind === 'rate-limit' &&
      rule.retryAfterSeconds !== undefined &&
      !(Number.isInteger(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0)
    ) {
      throw new Error('retryAfterSeconds must be a whole number ≥ 0');
    }
    const fault: ActiveFault = { ...rule, id: String(this.nextId++), fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(id?: string): number {
    const before = this.faults.length;
    for (let i = this.faults.length - 1; i >= 0; i--) {
      if (id === undefined || this.faults[i].id === id)
        this.faults.splice(i, 1);
    }
    return before - this.faults.length;
  }

  list(): ActiveFault[] {
    return this.faults.map(f => ({ ...f }));
  }

  /** The faults that fire for this request, counted as fired. */
  match(method: string, path: string): ActiveFault[] {
    const fired: ActiveFault[] = [];
    for (const f of this.faults) {
      if (
        f.method &&
        f.method !== '*' &&
        f.method.toUpperCase() !== method.toUpperCase()
      )
        continue;
      if (!globToRegExp(f.path).test(path)) continue;
      if (f.count !== undefined && f.fired >= f.count) continue;
      if (f.probability !== undefined && this.random() >= f.probability)
        continue;
      f.fired += 1;
      fired.push(f);
    }
    return fired;
  }
}
