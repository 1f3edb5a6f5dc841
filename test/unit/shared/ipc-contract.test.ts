import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_VALIDATORS, isIpcChannel, isStoredSession } from '../../../src/shared/ipc/contract';

const session = {
  serverUrl: 'http://localhost:8787',
  token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
  user: { id: 'u1', name: 'Ana', email: 'agent@example.com', role: 'agent' },
};

describe('IPC contract validators', () => {
  it('has a validator for every channel', () => {
    expect(Object.keys(IPC_VALIDATORS).sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('accepts a well-formed notification and rejects oversized or malformed ones', () => {
    expect(IPC_VALIDATORS['app:notify']({ title: 'Incoming call', body: '+55 11 98765-4321' })).toBe(true);
    expect(IPC_VALIDATORS['app:notify']({ title: '', body: 'x' })).toBe(false);
    expect(IPC_VALIDATORS['app:notify']({ title: 'x'.repeat(121), body: '' })).toBe(false);
    expect(IPC_VALIDATORS['app:notify']({ title: 'x' })).toBe(false);
    expect(IPC_VALIDATORS['app:notify']('title')).toBe(false);
  });

  it('rejects payloads on channels that take none', () => {
    expect(IPC_VALIDATORS['app:getVersion'](undefined)).toBe(true);
    expect(IPC_VALIDATORS['app:getVersion']({ evil: true })).toBe(false);
  });

  it('accepts only sessions with an http(s) server, a token and a known role', () => {
    expect(isStoredSession(session)).toBe(true);
    expect(isStoredSession({ ...session, serverUrl: 'file:///etc/passwd' })).toBe(false);
    expect(isStoredSession({ ...session, serverUrl: 'javascript:alert(1)' })).toBe(false);
    expect(isStoredSession({ ...session, token: '' })).toBe(false);
    expect(isStoredSession({ ...session, user: { ...session.user, role: 'root' } })).toBe(false);
  });

  it('knows only its own channels', () => {
    expect(isIpcChannel('app:notify')).toBe(true);
    expect(isIpcChannel('shell:openExternal')).toBe(false);
  });
});
