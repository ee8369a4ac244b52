import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface LoaderState<T> {
  loading: boolean;
  value?: T;
  error?: Error;
  /** load again, keeping the current value on screen meanwhile */
  retry: () => void;
}

/**
 * Loads a value and reloads it when the dependencies change or `retry` is called. Results of
 * superseded loads are dropped, so a slow old response never overwrites a newer one.
 */
export function useLoader<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): LoaderState<T> {
  const [state, setState] = useState<Omit<LoaderState<T>, 'retry'>>({
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    setState(s => ({ ...s, loading: true }));
    load().then(
      value => {
        if (call === latest.current) {
          setState({ loading: false, value });
        }
      },
      error => {
        if (call === latest.current) {
          setState(s => ({ loading: false, value: s.value, error }));
        }
      },
    );
    // `load` is deliberately left out: callers pass what it depends on in `deps`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  useEffect(
    () => () => {
      // a load finishing after unmount must not set state
      latest.current = -1;
    },
    [],
  );

  const retry = useCallback(() => setAttempt(a => a + 1), []);
  return { ...state, retry };
}
