import { DependencyList, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * react-use's `useAsyncRetry` that keeps the last loaded value when a reload fails or is under
 * way, so a failed poll or refresh shows next to the data instead of blanking the card.
 */
export function useAsyncRetryKeepingValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
) {
  const state = useAsyncRetry(load, deps);
  const lastValue = useRef<T>();
  if (state.value !== undefined) {
    lastValue.current = state.value;
  }
  return { ...state, value: state.value ?? lastValue.current };
}
