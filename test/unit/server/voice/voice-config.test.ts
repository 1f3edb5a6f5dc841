import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_CONFIG, iceServersFor, readVoiceConfig } from '../../../../src/server/voice/voice-config';

describe('readVoiceConfig', () => {
  it('has defaults and no ICE servers when nothing is set', () => {
    expect(readVoiceConfig({})).toEqual({ config: DEFAULT_VOICE_CONFIG });
  });

  it('refuses TURN without credentials, credentials without TURN, both kinds at once, and bad URLs', () => {
    expect(readVoiceConfig({ ATENDE_TURN_URLS: 'turn:t.example.com:3478' })).toHaveProperty('error');
    expect(readVoiceConfig({ ATENDE_TURN_SECRET: 's' })).toHaveProperty('error');
    expect(readVoiceConfig({ ATENDE_TURN_URLS: 'turn:t', ATENDE_TURN_SECRET: 's', ATENDE_TURN_USERNAME: 'u', ATENDE_TURN_CREDENTIAL: 'c' })).toHaveProperty('error');
    expect(readVoiceConfig({ ATENDE_STUN_URLS: 'https://stun.example.com' })).toHaveProperty('error');
    expect(readVoiceConfig({ ATENDE_STUN_URLS: 'turn:t.example.com' })).toHaveProperty('error');
    expect(readVoiceConfig({ ATENDE_VOICE_WRAP_UP_SECONDS: '-1' })).toHaveProperty('error');
  });

  it('gives each client its own short-lived coturn credential from the shared secret', () => {
    const result = readVoiceConfig({
      ATENDE_STUN_URLS: 'stun:turn.example.com:3478',
      ATENDE_TURN_URLS: 'turn:turn.example.com:3478?transport=udp, turns:turn.example.com:5349',
      ATENDE_TURN_SECRET: 'coturn-secret',
      ATENDE_TURN_TTL_SECONDS: '600',
    });
    if (!('config' in result)) throw new Error(result.error);
    const servers = iceServersFor(result.config, 'usr_ana', new Date('2030-01-01T00:00:00Z'));
    const expiry = Date.parse('2030-01-01T00:00:00Z') / 1000 + 600;
    const username = `${String(expiry)}:usr_ana`;
    expect(servers).toEqual([
      { urls: ['stun:turn.example.com:3478'] },
      { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username, credential: createHmac('sha1', 'coturn-secret').update(username).digest('base64') },
    ]);
  });

  it('hands out a fixed TURN user when configured so', () => {
    const result = readVoiceConfig({ ATENDE_TURN_URLS: 'turn:t.example.com', ATENDE_TURN_USERNAME: 'atende', ATENDE_TURN_CREDENTIAL: 'pw' });
    if (!('config' in result)) throw new Error(result.error);
    expect(iceServersFor(result.config, 'x', new Date())).toEqual([{ urls: ['turn:t.example.com'], username: 'atende', credential: 'pw' }]);
  });
});
