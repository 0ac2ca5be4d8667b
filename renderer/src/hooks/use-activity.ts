// Tells main the user is active so the idle auto-lock restarts its countdown. Throttled to one call per 30 s:
// the lock needs minutes of precision, not every key press crossing the process boundary.
import { useEffect } from 'react';

export const TOUCH_INTERVAL_MS = 30_000;

export function useActivityTouch(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const touch = () => {
      const now = Date.now();
      if (now - last < TOUCH_INTERVAL_MS) return;
      last = now;
      void window.tessera.session.touch();
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, touch, { passive: true, capture: true });
    return () => {
      for (const name of events) window.removeEventListener(name, touch, { capture: true });
    };
  }, [active]);
}
