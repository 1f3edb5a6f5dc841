/**
 * The sync stream's channel for other features (voice signalling): messages out only once the server
 * has RESYNCed the connection, `voice.*` messages in, and no change to how sync uses the stream.
 */
import { describe, expect, it } from 'vitest';
import type { StreamItem } from '../../../../src/renderer/data/sync-stream';
import { parseAgentServerMessage, voiceLinkOver } from '../../../../src/renderer/voice/voice-link';
import { fakeSyncStream } from '../helpers/fake-stream';

function setup() {
  const { stream, sockets, socket } = fakeSyncStream();
  const items: StreamItem[] = [];
  stream.streamFor('tickets').subscribe((item) => items.push(item));
  return { stream, sockets, socket, items };
}

describe('the sync stream’s channel', () => {
  it('is ready from the server’s RESYNC until the connection is gone', () => {
    const { stream, socket } = setup();
    const readiness: boolean[] = [];
    stream.channel.ready$.subscribe((ready) => readiness.push(ready));
    stream.start();
    socket().handlers.onOpen();
    // Open but not yet authenticated: the server would not hear us.
    expect(stream.channel.ready).toBe(false);
    expect(stream.channel.send({ type: 'voice.register' })).toBe(false);
    socket().receive({ type: 'RESYNC' });
    expect(stream.channel.ready).toBe(true);
    expect(stream.channel.send({ type: 'voice.register', version: 1, state: 'available' })).toBe(true);
    expect(socket().sent.at(-1)).toBe('{"type":"voice.register","version":1,"state":"available"}');
    socket().handlers.onClose(1006);
    expect(stream.channel.ready).toBe(false);
    expect(readiness).toEqual([false, true, false]);
  });

  it('forwards other features’ messages by prefix, never the stream’s own', () => {
    const { stream, socket, items } = setup();
    const voice: unknown[] = [];
    stream.channel.messages('voice.').subscribe((message) => voice.push(message));
    stream.start();
    socket().handlers.onOpen();
    socket().receive({ type: 'RESYNC' });
    socket().receive({ type: 'voice.offer', callId: 'c1' });
    socket().receive({ type: 'pong', at: 1 });
    socket().receive({ type: 'change', collection: 'tickets', documents: [], checkpoint: { seq: 3 } });
    socket().receive({ type: 'other.thing' });
    socket().handlers.onMessage('not json');
    expect(voice).toEqual([{ type: 'voice.offer', callId: 'c1' }]);
    // Sync sees exactly what it saw before: one RESYNC for the open, the change.
    expect(items).toEqual(['RESYNC', { documents: [], checkpoint: { seq: 3 } }]);
  });

  it('pausing and stopping end the readiness', () => {
    const { stream, socket } = setup();
    stream.start();
    socket().handlers.onOpen();
    socket().receive({ type: 'RESYNC' });
    stream.pause();
    expect(stream.channel.ready).toBe(false);
    stream.start();
    socket().handlers.onOpen();
    socket().receive({ type: 'RESYNC' });
    expect(stream.channel.ready).toBe(true);
    stream.stop();
    expect(stream.channel.ready).toBe(false);
  });

  it('carries the voice link: typed messages both ways', () => {
    const { stream, socket } = setup();
    const link = voiceLinkOver(stream.channel);
    const received: string[] = [];
    link.onMessage((message) => received.push(message.type));
    const readiness: boolean[] = [];
    link.onReady((ready) => readiness.push(ready));
    stream.start();
    socket().handlers.onOpen();
    socket().receive({ type: 'RESYNC' });
    expect(link.send({ type: 'voice.hangup', callId: 'c1' })).toBe(true);
    socket().receive({ type: 'voice.ended', callId: 'c1', reason: 'hangup' });
    socket().receive({ type: 'voice.ended' });
    socket().receive({ type: 'voice.unknown', callId: 'c1' });
    expect(received).toEqual(['voice.ended']);
    expect(readiness).toEqual([false, true]);
    expect(() => link.send({ type: 'voice.nope' } as never)).toThrow();
  });

  it('parseAgentServerMessage checks the fields handlers rely on', () => {
    expect(parseAgentServerMessage({ type: 'voice.signal', callId: 'c', connectionId: 1, payload: {} })).toBeDefined();
    expect(parseAgentServerMessage({ type: 'voice.signal', callId: 'c' })).toBeUndefined();
    expect(parseAgentServerMessage({ type: 'voice.presence', presence: {} })).toBeDefined();
    expect(parseAgentServerMessage({ type: 'voice.offer' })).toBeUndefined();
  });
});
