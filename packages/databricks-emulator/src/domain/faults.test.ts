import { FaultInjector } from './faults';

describe('FaultInjector', () => {
  it('matches a method and a path glob: * within a segment, ** across segments', () => {
    const faults = new FaultInjector();
    faults.add({
      method: 'put',
      path: '/api/2.0/serving-endpoints/*/config',
      kind: 'error',
      status: 500,
    });
    faults.add({
      path: '/api/2.1/unity-catalog/**',
      kind: 'latency',
      latencyMs: 50,
    });
    const kinds = (method: string, path: string) =>
      faults.match(method, path).map(f => f.kind);

    expect(
      kinds('PUT', '/api/2.0/serving-endpoints/card-fraud-detector/config'),
    ).toEqual(['error']);
    expect(
      kinds('GET', '/api/2.0/serving-endpoints/card-fraud-detector/config'),
    ).toEqual([]);
    expect(kinds('PUT', '/api/2.0/serving-endpoints/a/b/config')).toEqual([]);
    expect(
      kinds(
        'GET',
        '/api/2.1/unity-catalog/models/fmlops_demo.cards.m/aliases/champion',
      ),
    ).toEqual(['latency']);
    expect(kinds('GET', '/api/2.0/unity-catalog-ish')).toEqual([]);
  });

  it('fires a counted fault that many times, then stops', () => {
    const faults = new FaultInjector();
    const fault = faults.add({ path: '/**', kind: 'rate-limit', count: 2 });
    const fired = [1, 2, 3].map(() => faults.match('GET', '/x').length);
    expect(fired).toEqual([1, 1, 0]);
    expect(faults.list().find(f => f.id === fault.id)?.fired).toBe(2);
  });

  it('fires with its probability', () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const faults = new FaultInjector(() => draws.shift()!);
    faults.add({ path: '/**', kind: 'reset', probability: 0.3 });
    const fired = [1, 2, 3, 4].map(() => faults.match('GET', '/x').length);
    expect(fired).toEqual([1, 0, 1, 0]);
  });

  it('removes one fault by id, or all', () => {
    const faults = new FaultInjector();
    const a = faults.add({ path: '/a', kind: 'stall' });
    faults.add({ path: '/b', kind: 'stall' });
    faults.add({ path: '/c', kind: 'stall' });
    expect(faults.remove(a.id)).toBe(1);
    expect(faults.list().map(f => f.path)).toEqual(['/b', '/c']);
    expect(faults.remove()).toBe(2);
    expect(faults.list()).toEqual([]);
  });

  it.each([
    [{ path: 'api', kind: 'stall' }, /path glob starting with \//],
    [{ path: '/api', kind: 'explode' }, /kind is one of/],
    [
      { path: '/api', kind: 'stall', probability: 2 },
      /probability must be between 0 and 1/,
    ],
    [{ path: '/api', kind: 'error', status: 404 }, /status must be a 5xx/],
    [{ path: '/api', kind: 'latency' }, /latencyMs/],
    [
      { path: '/api', kind: 'stall', count: -1 },
      /count must be a positive whole number/,
    ],
  ])('refuses %j', (rule, message) => {
    expect(() => new FaultInjector().add(rule as never)).toThrow(message);
  });
});
