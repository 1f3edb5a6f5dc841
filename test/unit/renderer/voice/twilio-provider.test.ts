import { Device } from '@twilio/voice-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EndCause } from '../../../../src/shared/voice/call-state';
import { VoiceError, type CallQuality, type ProviderCall, type RegistrationStatus } from '../../../../src/shared/voice/provider';
import { AUDIO_PREFERENCE_KEY_PREFIX, type KeyValueStore } from '../../../../src/renderer/voice/audio-preferences';
import { DEFAULT_ACCEPT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REGISTER_TIMEOUT_MS, TwilioVoiceProvider, type TwilioProviderOptions } from '../../../../src/renderer/voice/twilio-provider';
import { FakeAudio, FakeTwilioCall, FakeTwilioDevice, jwt, twilioError } from './fake-twilio';

const HOUR = 3_600_000;
const CALLER = '+5511987654321';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

interface Harness {
  readonly provider: TwilioVoiceProvider;
  readonly devices: FakeTwilioDevice[];
  readonly device: () => FakeTwilioDevice;
  readonly fetchToken: ReturnType<typeof vi.fn<() => Promise<string>>>;
  readonly server: { hold: ReturnType<typeof vi.fn<(sid: string) => Promise<void>>>; resume: ReturnType<typeof vi.fn<(sid: string) => Promise<void>>> };
  readonly store: MemoryStore;
  readonly events: [string, ...unknown[]][];
  readonly errors: VoiceError[];
}

interface SetupOptions extends Partial<TwilioProviderOptions> {
  readonly audio?: () => FakeAudio | null;
  readonly tokenLifetimeMs?: number;
  /** Adjusts each new fake Device (its index: 0 for the first) before the provider uses it. */
  readonly onDevice?: (device: FakeTwilioDevice, index: number) => void;
}

function setup(options: SetupOptions = {}): Harness {
  const devices: FakeTwilioDevice[] = [];
  let issued = 0;
  const fetchToken = vi.fn(() => Promise.resolve(jwt(Date.now() + (options.tokenLifetimeMs ?? HOUR), `t${++issued}`)));
  const server = { hold: vi.fn(() => Promise.resolve()), resume: vi.fn(() => Promise.resolve()) };
  const store = new MemoryStore();
  const provider = new TwilioVoiceProvider({
    fetchToken,
    server,
    store,
    appName: 'atende',
    appVersion: '0.1.0',
    createDevice: (token, deviceOptions) => {
      const device = new FakeTwilioDevice(token, deviceOptions, options.audio === undefined ? new FakeAudio(['mic-1'], ['spk-1']) : options.audio());
      options.onDevice?.(device, devices.length);
      devices.push(device);
      return Promise.resolve(device);
    },
    ...options,
  });
  const events: [string, ...unknown[]][] = [];
  const errors: VoiceError[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      events.push([name, ...args]);
  provider.on('registration', record('registration'));
  provider.on('incoming', (call: ProviderCall) => events.push(['incoming', call.id]));
  provider.on('ringing', (call: ProviderCall) => events.push(['ringing', call.id]));
  provider.on('accepted', (call: ProviderCall) => events.push(['accepted', call.id, call.providerCallId]));
  provider.on('disconnected', (call: ProviderCall, cause: EndCause) => events.push(['disconnected', call.id, cause]));
  provider.on('reconnecting', (call: ProviderCall) => events.push(['reconnecting', call.id]));
  provider.on('reconnected', (call: ProviderCall) => events.push(['reconnected', call.id]));
  provider.on('muted', (call: ProviderCall, muted: boolean) => events.push(['muted', call.id, muted]));
  provider.on('held', (call: ProviderCall, held: boolean) => events.push(['held', call.id, held]));
  provider.on('quality', (call: ProviderCall, quality: CallQuality) => events.push(['quality', call.id, quality.level, quality.warnings]));
  provider.on('error', (error: VoiceError) => errors.push(error));
  const device = () => {
    const last = devices.at(-1);
    if (last === undefined) throw new Error('no device yet');
    return last;
  };
  return { provider, devices, device, fetchToken, server, store, events, errors };
}

const named = (events: Harness['events'], name: string) => events.filter(([event]) => event === name);

/** Registers and offers one inbound call; returns its id and SDK call. */
async function offerCall(h: Harness, parameters: Record<string, string> = { From: CALLER, To: 'client:agent-1', CallSid: 'CA100' }) {
  await h.provider.register();
  const sdk = new FakeTwilioCall(parameters, { queueId: 'q-billing' });
  let offered: ProviderCall | undefined;
  const off = h.provider.on('incoming', (call) => (offered = call));
  h.device().emit('incoming', sdk);
  off();
  if (offered === undefined) throw new Error('no incoming event');
  return { call: offered, sdk };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-02T14:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('registration', () => {
  it('creates the Device with our token, app name and version, edge fallback list and precise errors, then registers', async () => {
    const h = setup({ edges: ['sao-paulo', 'ashburn'] });
    await h.provider.register();
    expect(h.devices).toHaveLength(1);
    expect(h.device().tokens).toEqual([await h.fetchToken.mock.results[0]?.value]);
    expect(h.device().options).toEqual({
      appName: 'atende',
      appVersion: '0.1.0',
      edge: ['sao-paulo', 'ashburn'],
      maxCallSignalingTimeoutMs: 30_000,
      enableImprovedSignalingErrorPrecision: true,
    });
    expect(h.provider.registration).toBe<RegistrationStatus>('registered');
    expect(named(h.events, 'registration')).toEqual([
      ['registration', 'registering'],
      ['registration', 'registered'],
    ]);
  });

  it('registers the SDK once for concurrent calls and not again when registered (InvalidStateError otherwise)', async () => {
    const h = setup();
    await Promise.all([h.provider.register(), h.provider.register()]);
    await h.provider.register();
    expect(h.device().registerCalls).toBe(1);
  });

  it('waits for the SDK re-registering by itself instead of calling register() again', async () => {
    const h = setup();
    await h.provider.register();
    const device = h.device();
    device.state = Device.State.Registering;
    const second = h.provider.register();
    await vi.advanceTimersByTimeAsync(1_000);
    device.emit('registered');
    await second;
    expect(device.registerCalls).toBe(1);
  });

  it('gives up on a register() that never settles (#231, #445) and starts a fresh Device next time', async () => {
    const h = setup({
      onDevice: (device, index) => {
        if (index === 0) device.registerBehaviour = 'hang';
      },
    });
    const stuck = h.provider.register();
    const assertion = expect(stuck).rejects.toMatchObject({ code: 'register_timeout' });
    await vi.advanceTimersByTimeAsync(DEFAULT_REGISTER_TIMEOUT_MS);
    await assertion;
    expect(h.devices[0]?.destroyed).toBe(true);
    expect(h.provider.registration).toBe('unregistered');

    await h.provider.register();
    expect(h.devices).toHaveLength(2);
    expect(h.provider.registration).toBe('registered');
  });

  it('reports a refused token as token_expired with Twilio’s code', async () => {
    const h = setup({ onDevice: (device) => (device.registerBehaviour = { reject: twilioError(20104, 'AccessTokenExpired') }) });
    await expect(h.provider.register()).rejects.toMatchObject({ code: 'token_expired', providerCode: 20104 });
  });

  it('reports a token our server does not give', async () => {
    const h = setup();
    h.fetchToken.mockRejectedValueOnce(new Error('503'));
    await expect(h.provider.register()).rejects.toMatchObject({ code: 'token_fetch_failed' });
    expect(h.devices).toHaveLength(0);
    await h.provider.register();
    expect(h.provider.registration).toBe('registered');
  });

  it('follows the SDK when it loses and regains registration', async () => {
    const h = setup();
    await h.provider.register();
    h.device().emit('unregistered');
    h.device().emit('registering');
    h.device().emit('registered');
    expect(named(h.events, 'registration').slice(2)).toEqual([
      ['registration', 'unregistered'],
      ['registration', 'registering'],
      ['registration', 'registered'],
    ]);
  });
});

describe('inbound calls', () => {
  it('offers the call with caller id, CallSid and the server’s parameters', async () => {
    const h = setup();
    const seen: ProviderCall[] = [];
    h.provider.on('incoming', (call) => seen.push(call));
    await offerCall(h);
    expect(seen).toEqual([{ id: expect.any(String) as string, direction: 'inbound', from: CALLER, to: 'client:agent-1', providerCallId: 'CA100', parameters: { queueId: 'q-billing' } }]);
  });

  it('accepts, connects and hangs up once even though the SDK also reports the disconnect', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    await h.provider.accept(call.id);
    sdk.emit('accept', sdk);
    h.provider.hangup(call.id);
    expect(sdk.actions).toEqual(['accept', 'disconnect']);
    expect(h.events.filter(([name]) => name === 'accepted' || name === 'disconnected')).toEqual([
      ['accepted', call.id, 'CA100'],
      ['disconnected', call.id, 'local_hangup'],
    ]);
    expect(sdk.listenerCount()).toBe(0);
  });

  it('drops an accepted call whose audio never connects', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    await h.provider.accept(call.id);
    await vi.advanceTimersByTimeAsync(DEFAULT_ACCEPT_TIMEOUT_MS - 1);
    expect(named(h.events, 'disconnected')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.errors.map((error) => error.code)).toEqual(['accept_timeout']);
    expect(sdk.actions).toEqual(['accept', 'disconnect']);
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, 'failed']]);
  });

  it('does not drop an accepted call that connected in time', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    await h.provider.accept(call.id);
    sdk.emit('accept', sdk);
    await vi.advanceTimersByTimeAsync(DEFAULT_ACCEPT_TIMEOUT_MS * 2);
    expect(named(h.events, 'disconnected')).toEqual([]);
  });

  it.each([
    ['reject', 'reject'],
    ['ignore', 'ignore'],
  ] as const)('%s declines the offer', async (method, action) => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    h.provider[method](call.id);
    expect(sdk.actions).toEqual([action]);
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, 'declined']]);
    expect(() => {
      h.provider.hangup(call.id);
    }).toThrow(expect.objectContaining({ code: 'no_such_call' }) as Error);
  });

  it('ends the offer when the caller hangs up before it is answered', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    sdk.emit('cancel');
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, 'remote_hangup']]);
  });

  it('ends with remote_hangup when the customer hangs up, and failed after a call error', async () => {
    const h = setup();
    const first = await offerCall(h);
    await h.provider.accept(first.call.id);
    first.sdk.emit('accept', first.sdk);
    first.sdk.emit('disconnect', first.sdk);
    const second = await offerCall(h, { From: CALLER, CallSid: 'CA101' });
    await h.provider.accept(second.call.id);
    second.sdk.emit('accept', second.sdk);
    second.sdk.emit('error', twilioError(31005, 'Connection error'));
    second.sdk.emit('disconnect', second.sdk);
    expect(named(h.events, 'disconnected')).toEqual([
      ['disconnected', first.call.id, 'remote_hangup'],
      ['disconnected', second.call.id, 'failed'],
    ]);
    expect(h.errors).toMatchObject([{ code: 'call_failed', providerCode: 31005 }]);
  });

  it('reports a blocked microphone', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    await h.provider.accept(call.id);
    sdk.emit('error', twilioError(31401, 'Permission denied'));
    expect(h.errors).toMatchObject([{ code: 'microphone_blocked', providerCode: 31401 }]);
  });
});

describe('outbound calls', () => {
  it('dials a number with To and the caller’s params, then rings, connects and learns the CallSid', async () => {
    const h = setup();
    const call = await h.provider.connect({ target: { kind: 'number', e164: CALLER }, params: { callbackId: 'cb-1', To: 'ignored' } });
    const device = h.device();
    expect(device.connectCalls).toEqual([{ params: { callbackId: 'cb-1', To: CALLER } }]);
    expect(call).toMatchObject({ direction: 'outbound', to: CALLER, parameters: {} });
    expect(call.providerCallId).toBeUndefined();
    device.nextOutboundCall.emit('ringing', false);
    device.nextOutboundCall.parameters['CallSid'] = 'CA200';
    device.nextOutboundCall.emit('accept', device.nextOutboundCall);
    expect(h.events.filter(([name]) => name === 'ringing' || name === 'accepted')).toEqual([
      ['ringing', call.id],
      ['accepted', call.id, 'CA200'],
    ]);
  });

  it('calls another user with ToUser', async () => {
    const h = setup();
    const call = await h.provider.connect({ target: { kind: 'user', userId: 'u-7' } });
    expect(h.device().connectCalls).toEqual([{ params: { ToUser: 'u-7' } }]);
    expect(call.to).toBe('client:u-7');
  });

  it('refuses a number that is not E.164 without asking Twilio', async () => {
    const h = setup();
    await expect(h.provider.connect({ target: { kind: 'number', e164: '11 98765-4321' } })).rejects.toMatchObject({ code: 'invalid_number' });
    expect(h.devices).toHaveLength(0);
  });

  it('gives up on a connect() that never settles (#85) and hangs up the call if it shows up later (#63)', async () => {
    const h = setup();
    await h.provider.register();
    h.device().connectBehaviour = 'hang';
    const attempt = h.provider.connect({ target: { kind: 'number', e164: CALLER } });
    const assertion = expect(attempt).rejects.toMatchObject({ code: 'connect_timeout' });
    await vi.advanceTimersByTimeAsync(DEFAULT_CONNECT_TIMEOUT_MS);
    await assertion;
    const late = new FakeTwilioCall();
    h.device().finishHungConnect?.(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.actions).toEqual(['disconnect']);
    expect(named(h.events, 'disconnected')).toEqual([]);
  });

  it('renews an expired token before connecting (#85: connect hangs with an expired token)', async () => {
    const h = setup({ tokenLifetimeMs: 30_000 });
    await h.provider.register();
    const device = h.device();
    h.fetchToken.mockImplementation(() => Promise.resolve(jwt(Date.now() + HOUR, 'fresh')));
    await h.provider.connect({ target: { kind: 'number', e164: CALLER } });
    expect(device.tokens).toHaveLength(2);
    expect(device.tokens[1]).toBe(jwt(Date.now() + HOUR, 'fresh'));
  });

  it('fails with token_expired when the token cannot be renewed', async () => {
    const h = setup({ tokenLifetimeMs: 30_000 });
    await h.provider.register();
    h.fetchToken.mockRejectedValue(new Error('offline'));
    await expect(h.provider.connect({ target: { kind: 'number', e164: CALLER } })).rejects.toMatchObject({ code: 'token_expired' });
    expect(h.device().connectCalls).toEqual([]);
  });

  it.each([
    [31486, 'busy'],
    [31480, 'no_answer'],
    [31603, 'declined'],
    [31000, 'failed'],
  ] as const)('maps Twilio error %i before answer to %s', async (code, cause) => {
    const h = setup();
    const call = await h.provider.connect({ target: { kind: 'number', e164: CALLER } });
    const sdk = h.device().nextOutboundCall;
    sdk.emit('error', twilioError(code));
    sdk.emit('disconnect', sdk);
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, cause]]);
  });

  it('treats a disconnect before answer without an error as a failure', async () => {
    const h = setup();
    const call = await h.provider.connect({ target: { kind: 'number', e164: CALLER } });
    h.device().nextOutboundCall.emit('disconnect', h.device().nextOutboundCall);
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, 'failed']]);
  });

  it('reports a connect the SDK refuses', async () => {
    const h = setup();
    await h.provider.register();
    h.device().connectBehaviour = { reject: twilioError(31401, 'Permission denied') };
    await expect(h.provider.connect({ target: { kind: 'number', e164: CALLER } })).rejects.toMatchObject({ code: 'microphone_blocked' });
  });
});

describe('during a call', () => {
  async function connected(h: Harness) {
    const offered = await offerCall(h);
    await h.provider.accept(offered.call.id);
    offered.sdk.emit('accept', offered.sdk);
    return offered;
  }

  it('mutes through the SDK and reports the SDK’s mute event', async () => {
    const h = setup();
    const { call, sdk } = await connected(h);
    h.provider.mute(call.id, true);
    expect(sdk.isMuted()).toBe(true);
    expect(named(h.events, 'muted')).toEqual([['muted', call.id, true]]);
  });

  it('sends DTMF and refuses what is not DTMF', async () => {
    const h = setup();
    const { call, sdk } = await connected(h);
    h.provider.sendDigits(call.id, '1234#');
    expect(() => {
      h.provider.sendDigits(call.id, '12a');
    }).toThrow(expect.objectContaining({ code: 'invalid_digits' }) as Error);
    expect(sdk.digits).toEqual(['1234#']);
  });

  it('holds and resumes through our server with the CallSid', async () => {
    const h = setup();
    const { call } = await connected(h);
    await h.provider.hold(call.id);
    await h.provider.resume(call.id);
    expect(h.server.hold).toHaveBeenCalledWith('CA100');
    expect(h.server.resume).toHaveBeenCalledWith('CA100');
    expect(named(h.events, 'held')).toEqual([
      ['held', call.id, true],
      ['held', call.id, false],
    ]);
  });

  it('reports hold_failed when the server fails, and refuses to hold a call that is not connected', async () => {
    const h = setup();
    const { call } = await connected(h);
    h.server.hold.mockRejectedValueOnce(new Error('500'));
    await expect(h.provider.hold(call.id)).rejects.toMatchObject({ code: 'hold_failed' });
    const ringing = await offerCall(h, { From: CALLER, CallSid: 'CA300' });
    await expect(h.provider.hold(ringing.call.id)).rejects.toMatchObject({ code: 'hold_failed' });
    expect(h.server.hold).toHaveBeenCalledTimes(1);
    expect(named(h.events, 'held')).toEqual([]);
  });

  it('reports reconnecting and reconnected', async () => {
    const h = setup();
    const { call, sdk } = await connected(h);
    sdk.emit('reconnecting', twilioError(53405));
    sdk.emit('reconnected');
    expect(h.events.filter(([name]) => name.startsWith('reconnect'))).toEqual([
      ['reconnecting', call.id],
      ['reconnected', call.id],
    ]);
  });

  it('turns quality warnings into the indicator and clears it again', async () => {
    const h = setup();
    const { call, sdk } = await connected(h);
    sdk.emit('warning', 'high-rtt', {});
    sdk.emit('warning', 'high-rtt', {});
    sdk.emit('warning', 'high-packet-loss', {});
    sdk.emit('warning', 'high-packets-lost-fraction', {});
    sdk.emit('warning', 'ice-connectivity-lost', {});
    sdk.emit('warning', 'some-future-warning', {});
    sdk.emit('warning-cleared', 'ice-connectivity-lost');
    sdk.emit('warning-cleared', 'high-packet-loss');
    sdk.emit('warning-cleared', 'high-rtt');
    sdk.emit('warning-cleared', 'high-packets-lost-fraction');
    expect(named(h.events, 'quality')).toEqual([
      ['quality', call.id, 'degraded', ['latency']],
      ['quality', call.id, 'degraded', ['latency', 'packet_loss']],
      ['quality', call.id, 'degraded', ['latency', 'packet_loss']],
      ['quality', call.id, 'bad', ['latency', 'packet_loss', 'connectivity_lost']],
      ['quality', call.id, 'degraded', ['latency', 'packet_loss']],
      // One of the two packet-loss warnings is still on.
      ['quality', call.id, 'degraded', ['latency', 'packet_loss']],
      ['quality', call.id, 'degraded', ['packet_loss']],
      ['quality', call.id, 'good', []],
    ]);
  });

  it('says no_such_call for a call that is gone', async () => {
    const h = setup();
    await h.provider.register();
    expect(() => {
      h.provider.mute('nope', true);
    }).toThrow(VoiceError);
    await expect(h.provider.accept('nope')).rejects.toMatchObject({ code: 'no_such_call' });
  });
});

describe('token refresh', () => {
  it('refreshes before expiry, again and again (the SDK’s tokenWillExpire fires once, #93)', async () => {
    const h = setup();
    await h.provider.register();
    const device = h.device();
    await vi.advanceTimersByTimeAsync(HOUR - 5 * 60_000 - 1);
    expect(device.tokens).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(device.tokens).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(HOUR - 5 * 60_000);
    expect(device.tokens).toHaveLength(3);
    expect(new Set(device.tokens).size).toBe(3);
  });

  it('waits for the call to end before swapping the token, unless expiry is near', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    await h.provider.accept(call.id);
    sdk.emit('accept', sdk);
    const device = h.device();
    await vi.advanceTimersByTimeAsync(HOUR - 5 * 60_000);
    expect(device.tokens).toHaveLength(1);
    h.provider.hangup(call.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(device.tokens).toHaveLength(2);

    // A call that lasts into the last minute of the token gets the refresh anyway.
    const second = await offerCall(h, { From: CALLER, CallSid: 'CA2' });
    await h.provider.accept(second.call.id);
    second.sdk.emit('accept', second.sdk);
    await vi.advanceTimersByTimeAsync(HOUR - 60_000 - 1);
    expect(device.tokens).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(device.tokens).toHaveLength(3);
  });

  it('reports and retries when the SDK refuses the new token (#33)', async () => {
    const h = setup();
    await h.provider.register();
    const device = h.device();
    device.updateTokenError = new Error('InvalidStateError: Attempt to register when device is in state "registered"');
    await vi.advanceTimersByTimeAsync(HOUR - 5 * 60_000);
    expect(h.errors.map((error) => error.code)).toEqual(['token_update_failed']);
    device.updateTokenError = null;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(device.tokens).toHaveLength(2);
  });

  it('reports and retries, backing off, when our server gives no token', async () => {
    const h = setup();
    await h.provider.register();
    h.fetchToken.mockRejectedValueOnce(new Error('503')).mockRejectedValueOnce(new Error('503'));
    await vi.advanceTimersByTimeAsync(HOUR - 5 * 60_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.errors.map((error) => error.code)).toEqual(['token_fetch_failed', 'token_fetch_failed']);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(h.device().tokens).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.device().tokens).toHaveLength(2);
  });

  it('renews at once when Twilio says the token expired', async () => {
    const h = setup();
    await h.provider.register();
    h.device().emit('error', twilioError(20104, 'AccessTokenExpired'));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.device().tokens).toHaveLength(2);
    expect(h.errors).toMatchObject([{ code: 'token_expired', providerCode: 20104 }]);
  });
});

describe('audio devices', () => {
  it('lists the devices and restores remembered choices that are present', async () => {
    const audio = new FakeAudio(['mic-1', 'mic-2'], ['spk-1', 'spk-2']);
    const h = setup({ audio: () => audio });
    h.store.setItem(`${AUDIO_PREFERENCE_KEY_PREFIX}input`, 'mic-2');
    h.store.setItem(`${AUDIO_PREFERENCE_KEY_PREFIX}ringtone`, 'spk-2');
    h.store.setItem(`${AUDIO_PREFERENCE_KEY_PREFIX}speaker`, 'headset');
    await h.provider.register();
    expect(audio.inputId).toBe('mic-2');
    expect(audio.ringtoneDevices.active).toEqual(['spk-2']);
    expect(audio.speakerDevices.active).toEqual(['default']);
    expect(h.provider.audioDevices()).toEqual({
      inputs: [
        { id: 'mic-1', label: 'audioinput mic-1' },
        { id: 'mic-2', label: 'audioinput mic-2' },
      ],
      outputs: [
        { id: 'spk-1', label: 'audiooutput spk-1' },
        { id: 'spk-2', label: 'audiooutput spk-2' },
        { id: 'default', label: 'Default' },
      ],
      selected: { input: 'mic-2', speaker: 'headset', ringtone: 'spk-2' },
      outputSelectable: true,
    });
  });

  it('switches to a remembered device when it is plugged in', async () => {
    const audio = new FakeAudio(['mic-1'], ['spk-1']);
    const h = setup({ audio: () => audio });
    h.store.setItem(`${AUDIO_PREFERENCE_KEY_PREFIX}speaker`, 'headset');
    await h.provider.register();
    audio.plug('audiooutput', 'headset');
    audio.emitDeviceChange();
    await vi.advanceTimersByTimeAsync(0);
    expect(audio.speakerDevices.active).toEqual(['headset']);
  });

  it('chooses each kind separately and remembers it', async () => {
    const audio = new FakeAudio(['mic-1', 'mic-2'], ['spk-1', 'spk-2']);
    const h = setup({ audio: () => audio });
    await h.provider.register();
    await h.provider.selectAudioDevice('input', 'mic-2');
    await h.provider.selectAudioDevice('speaker', 'spk-1');
    await h.provider.selectAudioDevice('ringtone', 'spk-2');
    expect([audio.inputId, audio.speakerDevices.active, audio.ringtoneDevices.active]).toEqual(['mic-2', ['spk-1'], ['spk-2']]);
    expect(Object.fromEntries(h.store.map)).toEqual({
      [`${AUDIO_PREFERENCE_KEY_PREFIX}input`]: 'mic-2',
      [`${AUDIO_PREFERENCE_KEY_PREFIX}speaker`]: 'spk-1',
      [`${AUDIO_PREFERENCE_KEY_PREFIX}ringtone`]: 'spk-2',
    });
    await h.provider.selectAudioDevice('speaker', null);
    expect(audio.speakerDevices.active).toEqual(['default']);
    expect(h.store.getItem(`${AUDIO_PREFERENCE_KEY_PREFIX}speaker`)).toBeNull();
  });

  it('refuses a device that is not there and keeps the previous choice', async () => {
    const audio = new FakeAudio(['mic-1'], ['spk-1']);
    const h = setup({ audio: () => audio });
    await h.provider.register();
    await expect(h.provider.selectAudioDevice('input', 'mic-9')).rejects.toMatchObject({ code: 'audio_device_not_found' });
    expect(h.store.map.size).toBe(0);
  });

  it('remembers a choice made before the Device exists and applies it when it does', async () => {
    const audio = new FakeAudio(['mic-1', 'mic-2'], []);
    const h = setup({ audio: () => audio });
    await h.provider.selectAudioDevice('input', 'mic-2');
    await h.provider.register();
    expect(audio.inputId).toBe('mic-2');
  });

  it('does not route output where the browser cannot', async () => {
    const audio = new FakeAudio(['mic-1'], ['spk-1']);
    audio.isOutputSelectionSupported = false;
    const h = setup({ audio: () => audio });
    await h.provider.register();
    await h.provider.selectAudioDevice('speaker', 'spk-1');
    expect(audio.speakerDevices.active).toEqual(['default']);
    expect(h.provider.audioDevices().outputSelectable).toBe(false);
  });
});

describe('destroy', () => {
  it('hangs up, releases the Device and its listeners, and refuses to start again', async () => {
    const h = setup();
    const { call, sdk } = await offerCall(h);
    const device = h.device();
    h.provider.destroy();
    expect(sdk.actions).toEqual(['disconnect']);
    expect(named(h.events, 'disconnected')).toEqual([['disconnected', call.id, 'local_hangup']]);
    expect(device.destroyed).toBe(true);
    expect(device.listenerCount()).toBe(0);
    expect(h.provider.registration).toBe('unregistered');
    await expect(h.provider.register()).rejects.toMatchObject({ code: 'destroyed' });
    // No refresh timer survives.
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(h.fetchToken).toHaveBeenCalledTimes(1);
  });
});
