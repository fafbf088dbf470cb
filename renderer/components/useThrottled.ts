/** React hook: a value that follows its input at most once per interval (the latest value always arrives). */
import { useEffect, useRef, useState } from 'react';

/**
 * Returns `value`, updated at most every `ms` milliseconds; the last change is delivered when
 * the interval ends, so the returned value never stays stale.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
