import { useEffect, useRef } from 'react';

/**
 * Calls `callback` every `intervalMs` while the page is visible, and once right away when it
 * becomes visible again, so a background tab does not poll Databricks for nothing.
 */
export function useVisibleInterval(
  callback: () => void,
  intervalMs: number | undefined,
) {
  const saved = useRef(callback);
  saved.current = callback;

  useEffect(() => {
    if (!intervalMs || intervalMs <= 0) {
      return undefined;
    }
    const visible = () =>
      typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const timer = setInterval(() => {
      if (visible()) {
        saved.current();
      }
    }, intervalMs);
    const onVisibilityChange = () => {
      if (visible()) {
        saved.current();
      }
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [intervalMs]);
}
