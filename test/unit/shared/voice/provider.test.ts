import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../src/shared/voice/emitter';
import { VoiceError, callQuality, isDtmf, voiceErrorMessageKey } from '../../../../src/shared/voice/provider';

describe('callQuality', () => {
  it('is good without warnings', () => {
    expect(callQuality([])).toEqual({ level: 'good', warnings: [] });
  });

  it('is degraded for audible trouble and bad when audio stops flowing', () => {
    expect(callQuality(['jitter', 'latency'])).toEqual({ level: 'degraded', warnings: ['latency', 'jitter'] });
    expect(callQuality(['jitter', 'no_audio_received'])).toEqual({ level: 'bad', warnings: ['jitter', 'no_audio_received'] });
    expect(callQuality(['connectivity_lost']).level).toBe('bad');
    expect(callQuality(['microphone_silent']).level).toBe('degraded');
  });

  it('lists each warning once', () => {
    expect(callQuality(['jitter', 'jitter']).warnings).toEqual(['jitter']);
  });
});

describe('isDtmf', () => {
  it.each(['1', '0123456789', '*#', '1w2w3'])('accepts %s', (digits) => {
    expect(isDtmf(digits)).toBe(true);
  });
  it.each(['', 'a', '1 2', '+1', 'W', '1'.repeat(65)])('refuses %j', (digits) => {
    expect(isDtmf(digits)).toBe(false);
  });
});

describe('VoiceError', () => {
  it('carries a stable code, the locale key, the provider code and the cause', () => {
    const cause = new Error('socket closed');
    const error = new VoiceError('register_timeout', 'no answer in 15 s', { cause, providerCode: 53000 });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'VoiceError', code: 'register_timeout', providerCode: 53000, cause });
    expect(voiceErrorMessageKey(error.code)).toBe('voice.error.register_timeout');
  });
});

describe('Emitter', () => {
  type Events = { ping: (n: number) => void; pong: () => void };

  it('calls the listeners of an event with its arguments, until they unsubscribe', () => {
    const emitter = new Emitter<Events>();
    const listener = vi.fn();
    const off = emitter.on('ping', listener);
    emitter.emit('ping', 1);
    emitter.emit('pong');
    off();
    emitter.emit('ping', 2);
    expect(listener.mock.calls).toEqual([[1]]);
    expect(emitter.listenerCount('ping')).toBe(0);
  });

  it('keeps calling the others when a listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<Events>((error) => errors.push(error));
    const after = vi.fn();
    emitter.on('pong', () => {
      throw new Error('broken');
    });
    emitter.on('pong', after);
    emitter.emit('pong');
    expect(after).toHaveBeenCalledOnce();
    expect(errors).toEqual([new Error('broken')]);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<Events>();
    const listener = vi.fn();
    const offFirst = emitter.on('pong', listener);
    emitter.on('pong', listener);
    offFirst();
    emitter.emit('pong');
    expect(listener).toHaveBeenCalledOnce();
  });
});
