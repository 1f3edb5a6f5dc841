/**
 * The live board over the sync stream's channel (src/shared/voice/signalling.ts, `voice.monitor` →
 * `voice.live`): asked for whenever the server can hear us (each new connection, after its RESYNC),
 * the latest board kept with the offset between the server's clock and ours, and forgotten the moment
 * the connection is gone, so a number on screen is never a stale one presented as live.
 *
 * No React and no DOM: the page subscribes through `useLiveBoard`, tests drive a real SyncStream.
 */
import { serverClockOffset } from '../../../shared/voice/live-board';
import type { AgentServerMessage } from '../../../shared/voice/signalling';
import type { StreamChannel } from '../../data/sync-stream';
import { parseAgentServerMessage } from '../../voice/voice-link';

export type LiveBoard = Extract<AgentServerMessage, { type: 'voice.live' }>;

/**
 * offline: no connection to the server (nothing live to show). waiting: connected, the board was
 * asked for and has not come yet. live: `board` is current. refused: the server will not show it to us.
 */
export type LiveBoardStatus = 'offline' | 'waiting' | 'live' | 'refused';

export interface LiveBoardSnapshot {
  readonly status: LiveBoardStatus;
  /** Present only while `live`. */
  readonly board?: LiveBoard;
  /** The server's clock minus ours (ms), from the board's `at`. */
  readonly offset: number;
}

export const OFFLINE_SNAPSHOT: LiveBoardSnapshot = { status: 'offline', offset: 0 };

/** Our requests carry this `ref`, so a refusal is recognized as ours. */
export const MONITOR_REF = 'live-board';

export function watchLiveBoard(channel: StreamChannel, onChange: (snapshot: LiveBoardSnapshot) => void, now: () => number = Date.now): () => void {
  let snapshot = OFFLINE_SNAPSHOT;
  const publish = (next: LiveBoardSnapshot) => {
    snapshot = next;
    onChange(next);
  };
  const messages = channel.messages('voice.').subscribe((raw) => {
    const message = parseAgentServerMessage(raw);
    if (message === undefined || !channel.ready) return;
    if (message.type === 'voice.live') publish({ status: 'live', board: message, offset: serverClockOffset(message.at, now()) });
    else if (message.type === 'voice.error' && message.ref === MONITOR_REF) publish({ status: 'refused', offset: snapshot.offset });
  });
  const readiness = channel.ready$.subscribe((ready) => {
    if (!ready) {
      publish(OFFLINE_SNAPSHOT);
      return;
    }
    const sent = channel.send({ type: 'voice.monitor', on: true, ref: MONITOR_REF });
    publish(sent ? { status: 'waiting', offset: snapshot.offset } : OFFLINE_SNAPSHOT);
  });
  return () => {
    readiness.unsubscribe();
    messages.unsubscribe();
    if (channel.ready) channel.send({ type: 'voice.monitor', on: false, ref: MONITOR_REF });
  };
}
