import { useCallback } from 'react';
import useEvent from 'react-use/esm/useEvent';
import useInterval from 'react-use/esm/useInterval';
import useLatest from 'react-use/esm/useLatest';

const isPageVisible = () =>
  typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Calls `callback` every `intervalMs` while the page is visible, and once right away when it
 * becomes visible again, so a background tab does not poll Databricks for nothing.
 */
export function useVisibleInterval(
  callback: () => void,
  intervalMs: number | undefined,
) {
  const latest = useLatest(callback);
  const callIfVisible = useCallback(() => {
    if (isPageVisible()) {
      latest.current();
    }
  }, [latest]);
  const enabled = intervalMs !== undefined && intervalMs > 0;
  useInterval(callIfVisible, enabled ? intervalMs : null);
  useEvent('visibilitychange', enabled ? callIfVisible : null, document);
}
