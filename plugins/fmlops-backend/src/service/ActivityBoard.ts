import { ReadThroughCache } from '../cache/ReadThroughCache';
import type { ModelActivity } from '../read/DatabricksModelReader';
import { ResolvedModel } from './ModelCatalog';
import { cacheKeys } from './ReadPath';

export interface ActivityBoardOptions {
  /** its own cache (shared between replicas, not kept warm: the board decides what to read) */
  cache: ReadThroughCache;
  read: (model: ResolvedModel) => Promise<ModelActivity>;
  /** activity older than this is read again */
  maxAgeMs: number;
  /** models read at once (each is up to four Databricks calls) */
  concurrency: number;
  onError?: (model: ResolvedModel, error: unknown) => void;
  now?: () => number;
}

const keyOf = (model: ResolvedModel) =>
  cacheKeys.activity(model.entityRef, model.environment);

/**
 * The portfolio's pipeline and job-run state of every model, read in the background. Databricks
 * has no batch read of many pipelines' or jobs' latest state (ListPipelines pages 100 at a time,
 * runs/list 25), so a portfolio refresh makes only batch reads and takes from here what is known;
 * what is missing or older than `maxAgeMs` is read by a sweep, a few models at a time, after which
 * the portfolio is refreshed once. A pipeline failure shows in the portfolio one sweep after it
 * happens; the model page reads it on every refresh.
 */
export class ActivityBoard {
  private readonly wanted = new Map<string, ResolvedModel>();
  private sweeping: Promise<void> | undefined;
  private readonly swept: Array<() => void> = [];
  private readonly now: () => number;

  constructor(private readonly options: ActivityBoardOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Calls `listener` after each sweep that read something new (the portfolio shows it). */
  whenSwept(listener: () => void): void {
    this.swept.push(listener);
  }

  /** What is known of the model's activity (undefined: nothing yet); asks for a read when old. */
  known(model: ResolvedModel): ModelActivity | undefined {
    const key = keyOf(model);
    const entry = this.options.cache.peek<ModelActivity>(key);
    if (!entry || this.now() - entry.fetchedAt >= this.options.maxAgeMs) {
      this.wanted.set(key, model);
    }
    return entry?.value;
  }

  /** Reads what `known` found missing or old, unless a sweep is under way (it takes the rest next). */
  sweep(): Promise<void> {
    if (this.sweeping || this.wanted.size === 0) {
      return this.sweeping ?? Promise.resolve();
    }
    const batch = [...this.wanted];
    this.wanted.clear();
    // models gone from the catalog are no longer asked about: their entries go once idle
    this.options.cache.evictIdle(0);
    this.sweeping = this.readAll(batch).then(read => {
      this.sweeping = undefined;
      if (read > 0) {
        this.swept.forEach(listener => listener());
      }
    });
    return this.sweeping;
  }

  private async readAll(batch: Array<[string, ResolvedModel]>) {
    let next = 0;
    let read = 0;
    const worker = async () => {
      while (next < batch.length) {
        const [key, model] = batch[next++];
        try {
          await this.options.cache.refresh(key, () => this.options.read(model));
          // asked for now: it is not idle before the portfolio has shown it
          this.options.cache.peek(key);
          read += 1;
        } catch (error) {
          this.options.onError?.(model, error);
        }
      }
    };
    await Promise.all(
      Array.from(
        {
          length: Math.max(1, Math.min(this.options.concurrency, batch.length)),
        },
        worker,
      ),
    );
    return read;
  }
}
