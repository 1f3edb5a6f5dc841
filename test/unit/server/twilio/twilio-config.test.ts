import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/server/config';
import { readTwilioConfig } from '../../../../src/server/voice/twilio/twilio-config';
import { parseForm } from '../../../../src/server/voice/twilio/form-body';

const FULL = {
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
  TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
  TWILIO_API_KEY_SECRET: 'api-key-secret-value',
  TWILIO_AUTH_TOKEN: 'auth-token-value',
  TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
  TWILIO_CALLER_ID: '+551130000000',
  ATENDE_PUBLIC_URL: 'https://atende.example.com/pbx/',
};

function errorOf(env: Record<string, string>): string | undefined {
  const result = readTwilioConfig(env);
  return 'error' in result ? result.error : undefined;
}

describe('Twilio configuration', () => {
  it('is off when no TWILIO_* variable is set, even with a public URL', () => {
    expect(readTwilioConfig({})).toEqual({ config: undefined });
    expect(readTwilioConfig({ ATENDE_PUBLIC_URL: FULL.ATENDE_PUBLIC_URL })).toEqual({ config: undefined });
  });

  it('reads the whole group, the public URL without its trailing slash', () => {
    expect(readTwilioConfig(FULL)).toEqual({
      config: {
        accountSid: FULL.TWILIO_ACCOUNT_SID,
        apiKeySid: FULL.TWILIO_API_KEY_SID,
        apiKeySecret: 'api-key-secret-value',
        authToken: 'auth-token-value',
        twimlAppSid: FULL.TWILIO_TWIML_APP_SID,
        callerId: '+551130000000',
        publicUrl: 'https://atende.example.com/pbx',
        recordCalls: false,
      },
    });
  });

  it('names every missing variable when only some are set', () => {
    expect(errorOf({ TWILIO_ACCOUNT_SID: FULL.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'x' })).toBe(
      'Twilio is partly configured: also set TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_TWIML_APP_SID, TWILIO_CALLER_ID, ATENDE_PUBLIC_URL (or unset every TWILIO_* variable)',
    );
    expect(() => loadConfig({ env: { TWILIO_AUTH_TOKEN: 'x' } })).toThrow(ConfigError);
  });

  it.each([
    ['TWILIO_ACCOUNT_SID', 'SK' + '1'.repeat(32), 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits'],
    ['TWILIO_TWIML_APP_SID', 'AP123', 'TWILIO_TWIML_APP_SID must be AP followed by 32 hex digits'],
    ['TWILIO_CALLER_ID', '011 3000-0000', 'TWILIO_CALLER_ID must be an E.164 number'],
    ['ATENDE_PUBLIC_URL', 'https://atende.example.com/?x=1', 'ATENDE_PUBLIC_URL must be an http(s) URL'],
    ['ATENDE_PUBLIC_URL', 'ftp://atende.example.com', 'ATENDE_PUBLIC_URL must be an http(s) URL'],
    ['TWILIO_RECORD_CALLS', 'maybe', 'TWILIO_RECORD_CALLS must be 1 or 0'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(errorOf({ ...FULL, [name]: value })).toContain(message);
  });

  it('masks the secrets when the configuration is serialized (logs)', () => {
    const serialized = JSON.stringify(loadConfig({ env: FULL }));
    expect(serialized).not.toContain('api-key-secret-value');
    expect(serialized).not.toContain('auth-token-value');
    expect(serialized).toContain(FULL.TWILIO_ACCOUNT_SID);
  });
});

describe('Twilio form bodies', () => {
  it('keeps repeated fields and never touches the prototype', () => {
    const fields = parseForm('CallSid=CA1&StatusCallbackEvent=answered&StatusCallbackEvent=completed&__proto__=x&To=%2B5511');
    expect(fields.StatusCallbackEvent).toEqual(['answered', 'completed']);
    expect(fields.To).toBe('+5511');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.hasOwn(fields, '__proto__')).toBe(true);
  });
});
