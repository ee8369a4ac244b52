/** Display helpers shared by the cards; they never throw on missing values. */

export const NO_VALUE = '—';

export function formatPercent(fraction: number | undefined, digits = 1) {
  if (fraction === undefined || !Number.isFinite(fraction)) {
    return NO_VALUE;
  }
  return `${(fraction * 100).toFixed(digits)} %`;
}

export function formatMs(ms: number | undefined) {
  if (ms === undefined || !Number.isFinite(ms)) {
    return NO_VALUE;
  }
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatNumber(value: number | null | undefined, digits = 3) {
  if (value === undefined || value === null || !Number.isFinite(value)) {
    return NO_VALUE;
  }
  return value.toFixed(digits);
}

/** An age in seconds as people say it: "45 s", "12 min", "3 h", "2 d". */
export function formatAge(seconds: number) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return NO_VALUE;
  }
  if (seconds < 60) {
    return `${Math.round(seconds)} s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 86400) {
    return `${Math.round(seconds / 3600)} h`;
  }
  return `${Math.round(seconds / 86400)} d`;
}

/** A timestamp in the reader's locale, UTC-safe for invalid input. */
export function formatTime(iso: string | undefined) {
  if (!iso) {
    return NO_VALUE;
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A drift window's start, short and unambiguous (UTC). */
export function formatWindow(iso: string) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Traffic routes as "v3 90 % · v4 10 %". */
export function formatSplit(
  routes: { modelVersion: string; trafficPercentage: number }[] | undefined,
) {
  if (!routes || routes.length === 0) {
    return NO_VALUE;
  }
  return routes
    .map(r => `v${r.modelVersion} ${r.trafficPercentage} %`)
    .join(' · ');
}
