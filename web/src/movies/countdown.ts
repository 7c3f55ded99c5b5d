import { useCallback, useSyncExternalStore } from 'react';

const TICK_MS = 250;

/** Whole seconds left until `target` (milliseconds since the epoch), 0 once it has passed. */
function secondsUntil(target: number): number {
  return Math.max(0, Math.ceil((target - Date.now()) / 1000));
}

/**
 * Whole seconds left until `instant` (0 once it has passed), updated as time goes by. The clock is
 * read as an external store: at each render, and on each tick until the instant has passed.
 */
export function useSecondsUntil(instant: string | null): number {
  const target = instant ? Date.parse(instant) : 0;
  const subscribe = useCallback(
    (changed: () => void) => {
      const timer = setInterval(() => {
        changed();
        if (secondsUntil(target) === 0) clearInterval(timer);
      }, TICK_MS);
      return () => clearInterval(timer);
    },
    [target],
  );
  return useSyncExternalStore(subscribe, () => secondsUntil(target));
}
