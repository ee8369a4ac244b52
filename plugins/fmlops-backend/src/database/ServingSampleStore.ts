import {
  minuteOf,
  ServingSample,
} from '@fmlops/backstage-plugin-fmlops-common';
import { Knex } from 'knex';
import { VersionSamples } from '../operations/servingSamples';

/**
 * The per-minute serving samples measured per served version: one row per endpoint, version and
 * minute, so a minute scraped again replaces its earlier reading. Hides knex from the rest.
 */
export class ServingSampleStore {
  constructor(private readonly db: Knex) {}

  async record(
    servingTarget: string,
    samples: VersionSamples,
    recordedAt: number,
  ): Promise<void> {
    const rows = Object.entries(samples).flatMap(([version, list]) =>
      list.map(sample => ({
        serving_target: servingTarget,
        model_version: version,
        minute_at: minuteOf(sample.at),
        sample: JSON.stringify(sample),
        recorded_at: recordedAt,
      })),
    );
    if (rows.length === 0) {
      return;
    }
    await this.db('fmlops_serving_samples')
      .insert(rows)
      .onConflict(['serving_target', 'model_version', 'minute_at'])
      .merge(['sample', 'recorded_at']);
  }

  /**
   * Per version, the newest `minutes` samples among those read since `recordedSince` (backend
   * clock), oldest first. The newest by the sample's own minute: the workspace's clock, not ours.
   */
  async recent(
    servingTarget: string,
    options: { minutes: number; recordedSince: number },
  ): Promise<VersionSamples> {
    const rows = await this.db('fmlops_serving_samples')
      .where({ serving_target: servingTarget })
      .andWhere('recorded_at', '>=', options.recordedSince)
      .orderBy('minute_at', 'desc')
      .select('model_version', 'sample');
    const out: VersionSamples = {};
    for (const row of rows) {
      const list = (out[row.model_version] ??= []);
      if (list.length < options.minutes) {
        list.push(JSON.parse(row.sample) as ServingSample);
      }
    }
    for (const list of Object.values(out)) list.reverse();
    return out;
  }

  /** Forgets samples read before this time. */
  async prune(recordedBefore: number): Promise<number> {
    return this.db('fmlops_serving_samples')
      .where('recorded_at', '<', recordedBefore)
      .delete();
  }
}
