import { useEffect, useState } from 'react';

/**
 * Epoch ms, refreshed every `intervalMs` while `active`: the clock of countdowns, call timers and
 * "overdue" marks that must move while the screen is open (Playwright's page.clock drives it in tests).
 */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const handle = setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      clearInterval(handle);
    };
  }, [active, intervalMs]);
  return now;
}
