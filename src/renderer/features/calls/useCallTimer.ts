/** The log-a-call dialog's stopwatch: started when the dialog opens (the agent just picked up the other phone). */
import { useEffect, useState } from 'react';

export interface CallTimer {
  readonly startedAt: string;
  /** Set once stopped. */
  readonly endedAt: string | null;
  readonly elapsedSeconds: number;
  readonly stop: () => void;
  readonly resume: () => void;
}

export function useCallTimer(): CallTimer {
  const [startedAt] = useState(() => new Date().toISOString());
  const [endedAt, setEndedAt] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endedAt !== null) return undefined;
    const handle = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(handle);
    };
  }, [endedAt]);
  const until = endedAt === null ? now : Date.parse(endedAt);
  return {
    startedAt,
    endedAt,
    elapsedSeconds: Math.max(0, Math.round((until - Date.parse(startedAt)) / 1000)),
    stop: () => {
      setEndedAt(new Date().toISOString());
    },
    resume: () => {
      setEndedAt(null);
    },
  };
}
