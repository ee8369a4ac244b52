import {
  createContext,
  PropsWithChildren,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { ModelOverview } from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../api';
import {
  appendMetricSamples,
  DEFAULT_HISTORY_LENGTH,
  MetricsHistory,
} from '../lib/metricsHistory';
import { useVisibleInterval } from './useVisibleInterval';
import { useModelRef } from './useModelRef';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

export interface OverviewState {
  loading: boolean;
  overview?: ModelOverview;
  error?: Error;
  /** per served model version, the metrics seen at each poll (oldest first) */
  metricsHistory: MetricsHistory;
  refresh: () => void;
}

const OverviewContext = createContext<OverviewState | undefined>(undefined);

export interface OverviewOptions {
  /** how often to poll while the page is visible; 0 turns polling off */
  pollIntervalMs?: number;
  /** how many samples the sparklines keep per served version */
  historyLength?: number;
}

/** Polls the current entity's overview and keeps a short history of its serving metrics. */
function usePolledOverview(
  enabled: boolean,
  { pollIntervalMs = DEFAULT_POLL_INTERVAL_MS, historyLength }: OverviewOptions,
): OverviewState {
  const api = useApi(fmlopsApiRef);
  const model = useModelRef();
  const [state, setState] = useState<Omit<OverviewState, 'refresh'>>({
    loading: enabled,
    metricsHistory: {},
  });
  const latest = useRef(0);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const refresh = useCallback(() => {
    if (!enabled) {
      return;
    }
    const call = ++latest.current;
    api.getOverview(model).then(
      overview => {
        if (!mounted.current || call !== latest.current) {
          return;
        }
        setState(s => ({
          loading: false,
          overview,
          metricsHistory:
            overview.serving.status === 'ok'
              ? appendMetricSamples(
                  s.metricsHistory,
                  overview.serving.data.servedVersions,
                  Date.parse(overview.freshness.fetchedAt) || Date.now(),
                  historyLength ?? DEFAULT_HISTORY_LENGTH,
                )
              : s.metricsHistory,
        }));
      },
      error => {
        if (!mounted.current || call !== latest.current) {
          return;
        }
        // keep what is on screen; a poll failing once should not blank the page
        setState(s => ({ ...s, loading: false, error }));
      },
    );
  }, [api, model, enabled, historyLength]);

  useEffect(() => {
    setState({ loading: enabled, metricsHistory: {} });
    refresh();
  }, [refresh, enabled]);
  useVisibleInterval(refresh, enabled ? pollIntervalMs : 0);

  const retry = useCallback(() => {
    setState(s => ({ ...s, loading: true, error: undefined }));
    refresh();
  }, [refresh]);

  return useMemo(() => ({ ...state, refresh: retry }), [state, retry]);
}

/** Shares one polled overview between every card of the MLOps tab. */
export const OverviewProvider = (props: PropsWithChildren<OverviewOptions>) => {
  const { children, ...options } = props;
  const state = usePolledOverview(true, options);
  return (
    <OverviewContext.Provider value={state}>
      {children}
    </OverviewContext.Provider>
  );
};

/**
 * The overview of the current entity: the MLOps tab's shared one, or, for a card placed on
 * its own, one the card polls itself.
 */
export function useOverview(options: OverviewOptions = {}): OverviewState {
  const shared = useContext(OverviewContext);
  const own = usePolledOverview(!shared, options);
  return shared ?? own;
}

/** The MLOps tab's shared overview, if the caller is inside the tab. */
export function useSharedOverview(): OverviewState | undefined {
  return useContext(OverviewContext);
}

/** True inside the MLOps tab, where the tab already shows the shared states (errors, staleness). */
export function useInsideOverviewProvider(): boolean {
  return useContext(OverviewContext) !== undefined;
}
