/** The live board for React: follows the workspace's sync stream while the board is on screen. */
import { useMemo, useSyncExternalStore } from 'react';
import type { StreamChannel } from '../../data/sync-stream';
import { useWorkspace } from '../../data/workspace';
import { OFFLINE_SNAPSHOT, watchLiveBoard, type LiveBoardSnapshot } from './live-board-feed';

interface LiveBoardStore {
  readonly subscribe: (onChange: () => void) => () => void;
  readonly getSnapshot: () => LiveBoardSnapshot;
}

/** Watching starts with the first subscriber (the page) and stops with it: the server then stops sending. */
function liveBoardStore(channel: StreamChannel | null): LiveBoardStore {
  let snapshot = OFFLINE_SNAPSHOT;
  return {
    subscribe: (onChange) => {
      if (channel === null) return () => undefined;
      const stop = watchLiveBoard(channel, (next) => {
        snapshot = next;
        onChange();
      });
      return () => {
        stop();
        snapshot = OFFLINE_SNAPSHOT;
      };
    },
    getSnapshot: () => snapshot,
  };
}

export function useLiveBoard(): LiveBoardSnapshot {
  const channel = useWorkspace((state) => state.engine?.channel ?? null);
  const store = useMemo(() => liveBoardStore(channel), [channel]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
