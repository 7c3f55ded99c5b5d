import { useEffect, useState } from 'react';

/** Whole seconds left until `instant` (0 once it has passed), updated as time goes by. */
export function useSecondsUntil(instant: string | null): number {
  const target = instant ? Date.parse(instant) : 0;
  const left = () => Math.max(0, Math.ceil((target - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    const timer = setInterval(() => {
      const now = left();
      setSeconds(now);
      if (now === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
    // `left` only reads `target`.
  }, [target]);
  return seconds;
}
