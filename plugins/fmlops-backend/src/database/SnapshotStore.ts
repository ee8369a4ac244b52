import { Knex } from 'knex';

export interface Snapshot<T = unknown> {
  key: string;
  payload: T;
  fetchedAt: number;
}

/** Persists the last good read per cache key. Hides knex from the rest of the plugin. */
export class SnapshotStore {
  constructor(private readonly db: Knex) {}

  async get<T>(key: string): Promise<Snapshot<T> | undefined> {
    const row = await this.db('fmlops_snapshots')
      .where({ key })
      .first('key', 'payload', 'fetched_at');
    if (!row) {
      return undefined;
    }
    return {
      key: row.key,
      payload: JSON.parse(row.payload) as T,
      fetchedAt: Number(row.fetched_at),
    };
  }

  /** Writes a snapshot; an older read never overwrites a newer one. */
  async put(key: string, payload: unknown, fetchedAt: number): Promise<void> {
    const row = {
      key,
      payload: JSON.stringify(payload),
      fetched_at: fetchedAt,
      last_requested_at: fetchedAt,
    };
    await this.db('fmlops_snapshots')
      .insert(row)
      .onConflict('key')
      .merge(['payload', 'fetched_at'])
      .where('fmlops_snapshots.fetched_at', '<', fetchedAt);
  }

  /** Records that somebody asked for these keys, so the scheduled refresh keeps them warm. */
  async touch(keys: string[], requestedAt: number): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    await this.db('fmlops_snapshots')
      .whereIn('key', keys)
      .update({ last_requested_at: requestedAt });
  }

  /** Keys requested since the given time, most recent first. */
  async hotKeys(since: number, limit: number): Promise<string[]> {
    const rows = await this.db('fmlops_snapshots')
      .where('last_requested_at', '>=', since)
      .orderBy('last_requested_at', 'desc')
      .limit(limit)
      .select('key');
    return rows.map(r => r.key);
  }

  /** Drops snapshots nobody asked for since the given time. */
  async prune(olderThan: number): Promise<number> {
    return this.db('fmlops_snapshots')
      .where('last_requested_at', '<', olderThan)
      .delete();
  }
}
