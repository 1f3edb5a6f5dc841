/**
 * The live board over the real sync stream (fake sockets only): asked for on every connection once the
 * server hears us, kept with the server's clock offset, and dropped the moment the connection is gone.
 */
import { describe, expect, it } from 'vitest';
import { MONITOR_REF, watchLiveBoard, type LiveBoardSnapshot } from '../../../../src/renderer/features/supervisor/live-board-feed';
import { fakeSyncStream } from '../helpers/fake-stream';

function setup() {
  const { stream, socket } = fakeSyncStream();
  const connect = () => {
    stream.start();
    socket().handlers.onOpen();
    socket().receive({ type: 'RESYNC' });
  };
  return { stream, socket, connect };
}

const board = (at: string, waiting: number) => ({
  type: 'voice.live',
  at,
  agents: [],
  queues: [{ queueId: 'q', name: 'Q', waiting }],
  agentsByState: { available: 0, on_call: 0, wrap_up: 0, break: 0, offline: 0 },
});

describe('watchLiveBoard', () => {
  it('asks for the board once the server hears us, then shows each board with the server’s clock offset', () => {
    const { stream, socket, connect } = setup();
    const snapshots: LiveBoardSnapshot[] = [];
    const receivedAt = Date.parse('2026-03-10T12:00:00.000Z');
    watchLiveBoard(stream.channel, (snapshot) => snapshots.push(snapshot), () => receivedAt);
    expect(snapshots.at(-1)?.status).toBe('offline');
    connect();
    expect(socket().messages()).toContainEqual({ type: 'voice.monitor', on: true, ref: MONITOR_REF });
    expect(snapshots.at(-1)?.status).toBe('waiting');
    socket().receive(board('2026-03-10T12:00:02.000Z', 1));
    expect(snapshots.at(-1)).toMatchObject({ status: 'live', offset: 2000, board: { queues: [{ waiting: 1 }] } });
    socket().receive(board('2026-03-10T12:00:02.000Z', 0));
    expect(snapshots.at(-1)?.board?.queues[0]?.waiting).toBe(0);
  });

  it('forgets the board when the connection drops, and asks again on the next one', () => {
    const { stream, socket, connect } = setup();
    let latest: LiveBoardSnapshot | undefined;
    watchLiveBoard(stream.channel, (snapshot) => {
      latest = snapshot;
    });
    connect();
    socket().receive(board(new Date().toISOString(), 3));
    expect(latest?.status).toBe('live');
    socket().handlers.onClose(1006);
    expect(latest).toEqual({ status: 'offline', offset: 0 });
    expect(latest?.board).toBeUndefined();
    // Reconnected (the stream's backoff timer fires): a new socket, asked anew.
    stream.goOnline();
    socket().handlers.onOpen();
    expect(latest?.status).toBe('offline');
    socket().receive({ type: 'RESYNC' });
    expect(socket().messages()).toContainEqual({ type: 'voice.monitor', on: true, ref: MONITOR_REF });
    expect(latest?.status).toBe('waiting');
  });

  it('reports a refusal of its own request only', () => {
    const { stream, socket, connect } = setup();
    let latest: LiveBoardSnapshot | undefined;
    watchLiveBoard(stream.channel, (snapshot) => {
      latest = snapshot;
    });
    connect();
    socket().receive({ type: 'voice.error', code: 'forbidden', message: 'no', ref: 'r7' });
    expect(latest?.status).toBe('waiting');
    socket().receive({ type: 'voice.error', code: 'forbidden', message: 'no', ref: MONITOR_REF });
    expect(latest?.status).toBe('refused');
  });

  it('stops: the server is told, and later boards change nothing', () => {
    const { stream, socket, connect } = setup();
    const snapshots: LiveBoardSnapshot[] = [];
    const stop = watchLiveBoard(stream.channel, (snapshot) => snapshots.push(snapshot));
    connect();
    stop();
    expect(socket().messages().at(-1)).toEqual({ type: 'voice.monitor', on: false, ref: MONITOR_REF });
    const count = snapshots.length;
    socket().receive(board(new Date().toISOString(), 1));
    expect(snapshots).toHaveLength(count);
  });
});
