import {
  mergeSamples,
  minuteOf,
  ServingSample,
  ServingWindowMetrics,
  sumWindow,
} from '@fmlops/backstage-plugin-fmlops-common';
import type {
  serving,
  ServingScrape,
} from '@fmlops/backstage-plugin-fmlops-node';

/**
 * From a scrape of the metrics export to per-minute samples per model version, and windows of
 * them (a bake, the guardian's recent minutes). Pure: the controller keeps a bake's samples in
 * the operation's state, the guardian in the sample store.
 */

/** Per model version, the samples of the served entities that serve it. */
export type VersionSamples = Record<string, ServingSample[]>;

/**
 * The scrape's samples per model version of the endpoint's current config, each with the
 * version's traffic share. Series that name no served entity are the endpoint's: they count for
 * its version when it serves only one, and are dropped otherwise (they cannot be split).
 */
export function samplesByVersion(
  scrape: ServingScrape | undefined,
  endpoint: serving.ServingEndpointDetailed,
): VersionSamples {
  const entities = endpoint.config?.served_entities ?? [];
  const versionOf = new Map(
    entities.map(e => [e.name ?? '', String(e.entity_version ?? '')]),
  );
  const routes = endpoint.config?.traffic_config?.routes;
  const shareOf = (name: string) => {
    const route = routes?.find(
      r => (r.served_entity_name ?? r.served_model_name) === name,
    );
    if (route) return route.traffic_percentage;
    return !routes && entities.length === 1 ? 100 : 0;
  };
  const out: VersionSamples = {};
  for (const s of scrape?.samples ?? []) {
    const name =
      s.servedEntity === '' && entities.length === 1
        ? entities[0].name ?? ''
        : s.servedEntity;
    const version = versionOf.get(name);
    if (!version) continue;
    const sample: ServingSample = {
      at: s.at,
      requests: s.requests,
      errors: s.errors,
      trafficPercentage: shareOf(name),
    };
    if (s.latency) sample.latency = s.latency;
    if (s.p50LatencyMs !== undefined) sample.p50LatencyMs = s.p50LatencyMs;
    if (s.p99LatencyMs !== undefined) sample.p99LatencyMs = s.p99LatencyMs;
    out[version] = [...(out[version] ?? []), sample];
  }
  return out;
}

/** A bake's measurements, kept in the operation's state so any replica continues the window. */
export interface BakeWindow {
  /** the newest minute the endpoint showed when the bake began: it and older ones are not part of it */
  after?: number;
  samples: VersionSamples;
}

/** the longest window kept, in minutes (a day of one-minute samples) */
const MAX_WINDOW_MINUTES = 24 * 60;

/** A bake starting now: the minutes the endpoint already shows belong to what came before. */
export function startBake(observed: VersionSamples): BakeWindow {
  const ats = Object.values(observed).flatMap(list => list.map(s => s.at));
  return ats.length
    ? { after: minuteOf(Math.max(...ats)), samples: {} }
    : { samples: {} };
}

/**
 * Adds a measurement to the window: new minutes are kept, a minute seen again replaces its
 * earlier reading. Returns the same object when nothing new was measured.
 */
export function measure(
  window: BakeWindow,
  observed: VersionSamples,
): BakeWindow {
  let changed = false;
  const samples: VersionSamples = { ...window.samples };
  for (const [version, list] of Object.entries(observed)) {
    const merged = mergeSamples(samples[version] ?? [], list, {
      after: window.after,
      keep: MAX_WINDOW_MINUTES,
    });
    if (JSON.stringify(merged) !== JSON.stringify(samples[version] ?? [])) {
      samples[version] = merged;
      changed = true;
    }
  }
  return changed ? { ...window, samples } : window;
}

/** A version's window summed: what the health check judges. */
export function windowMetrics(
  samples: ServingSample[] | undefined,
): ServingWindowMetrics {
  const w = sumWindow(samples ?? []);
  const out: ServingWindowMetrics = {
    requests: w.requests,
    errors: w.errors,
    minutes: w.minutes,
    latencySource: w.latencySource,
  };
  if (w.p50LatencyMs !== undefined) out.p50LatencyMs = w.p50LatencyMs;
  if (w.p99LatencyMs !== undefined) out.p99LatencyMs = w.p99LatencyMs;
  return out;
}
