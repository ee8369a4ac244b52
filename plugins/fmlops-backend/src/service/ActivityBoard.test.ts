import { ReadThroughCache } from '../cache/ReadThroughCache';
import type { ModelActivity } from '../read/DatabricksModelReader';
import { ActivityBoard } from './ActivityBoard';
import { ResolvedModel } from './ModelCatalog';

const model = (name: string) =>
  ({
    entityRef: `resource:default/${name}`,
    environment: 'prd',
  } as ResolvedModel);

const activity = (runId: string): ModelActivity => ({
  pipeline: { status: 'not-configured', reason: 'none' },
  jobs: {
    status: 'ok',
    data: [{ jobId: '1', runId, role: 'tournament' }],
  },
});

function setup(options: { concurrency?: number; maxAgeMs?: number } = {}) {
  let now = 1_000_000;
  let inFlight = 0;
  let maxInFlight = 0;
  const read = jest.fn(async (m: ResolvedModel) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise(r => setTimeout(r, 5));
    inFlight -= 1;
    if (m.entityRef.endsWith('broken')) {
      throw new Error('workspace down');
    }
    return activity(`${m.entityRef}@${now}`);
  });
  const onSwept = jest.fn();
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const board = new ActivityBoard({
    cache: new ReadThroughCache({
      freshMs: maxAgeMs,
      staleWhileRevalidateMs: maxAgeMs * 10,
      idleEvictMs: maxAgeMs * 10,
      now: () => now,
    }),
    read,
    maxAgeMs,
    concurrency: options.concurrency ?? 2,
    now: () => now,
  });
  board.whenSwept(onSwept);
  return {
    board,
    read,
    onSwept,
    maxInFlight: () => maxInFlight,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ActivityBoard', () => {
  it('knows nothing at first, reads in the background a few models at a time, then knows', async () => {
    const { board, read, onSwept, maxInFlight } = setup({ concurrency: 2 });
    const models = ['a', 'b', 'c', 'd', 'e'].map(model);
    expect(models.map(m => board.known(m))).toEqual(Array(5).fill(undefined));
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(5);
    expect(maxInFlight()).toBe(2);
    expect(onSwept).toHaveBeenCalledTimes(1);
    expect(board.known(models[0])?.jobs).toMatchObject({ status: 'ok' });
    // nothing is old: no more reads, and no refresh of the portfolio
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(5);
    expect(onSwept).toHaveBeenCalledTimes(1);
  });

  it('keeps showing what it knows while reading it again once old', async () => {
    const { board, read, advance } = setup({ maxAgeMs: 60_000 });
    const a = model('a');
    board.known(a);
    await board.sweep();
    const first = board.known(a);
    advance(61_000);
    expect(board.known(a)).toEqual(first);
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(2);
    expect(board.known(a)).not.toEqual(first);
  });

  it('runs one sweep at a time and takes what was asked for meanwhile in the next', async () => {
    const { board, read } = setup();
    board.known(model('a'));
    const running = board.sweep();
    board.known(model('b'));
    expect(board.sweep()).toBe(running);
    await running;
    expect(read).toHaveBeenCalledTimes(1);
    await board.sweep();
    expect(read.mock.calls.map(([m]) => m.entityRef)).toEqual([
      'resource:default/a',
      'resource:default/b',
    ]);
  });

  it('forgets a model nobody asks about any more', async () => {
    const { board, read, advance } = setup({ maxAgeMs: 60_000 });
    board.known(model('gone'));
    await board.sweep();
    board.known(model('other'));
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(2);
    expect(board.known(model('gone'))).toBeDefined();
    // not asked about for longer than ten times the maximum age (the cache's idle limit here)
    advance(601_000);
    board.known(model('third'));
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(3);
    expect(board.known(model('gone'))).toBeUndefined();
  });

  it('reads a failed model again at the next sweep and does not refresh the portfolio for it', async () => {
    const { board, read, onSwept } = setup();
    board.known(model('broken'));
    await board.sweep();
    expect(onSwept).not.toHaveBeenCalled();
    expect(board.known(model('broken'))).toBeUndefined();
    await board.sweep();
    expect(read).toHaveBeenCalledTimes(2);
  });
});
