/** The recording player of a call for the signed-in session (server, token, connection state). */
import { useStore } from 'zustand';
import type { FetchLike } from '../../data/api';
import { useSession } from '../../data/session';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { RecordingPlayerView } from './RecordingPlayerView';

const browserFetch: FetchLike = (input, init) => fetch(input, init);

/** The player for the signed-in session; nothing without one. */
export function RecordingPlayer({ callId, compact }: { readonly callId: string; readonly compact?: boolean }) {
  const session = useSession((state) => state.session);
  const offline = useStore(syncStatusStore, (state) => computeSyncState(state) === 'offline');
  if (session === null) return null;
  return <RecordingPlayerView callId={callId} serverUrl={session.serverUrl} token={session.token} offline={offline} fetchFn={browserFetch} compact={compact ?? false} />;
}
