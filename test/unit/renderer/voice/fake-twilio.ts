/**
 * A fake of the Twilio Voice SDK's public surface, typed against the SDK's own declarations through
 * TwilioDeviceLike / TwilioCallLike (Pick<Device, …>, `Device.EventName`, `Device.State`), so it cannot
 * drift from the SDK. It behaves like the SDK where the provider relies on it: reject() and disconnect()
 * emit their events, ignore() emits nothing, mute() emits `mute`.
 */
import { Device } from '@twilio/voice-sdk';
import type {
  TwilioAudioLike,
  TwilioCallEventName,
  TwilioCallLike,
  TwilioCallListeners,
  TwilioDeviceEventName,
  TwilioDeviceLike,
  TwilioDeviceListener,
  TwilioDeviceOptions,
  TwilioOutputDevicesLike,
} from '../../../../src/renderer/voice/twilio-sdk';

type Listener = (...args: never[]) => void;

class Listeners<Name extends string> {
  private readonly map = new Map<Name, Set<Listener>>();
  add(name: Name, listener: Listener): void {
    const set = this.map.get(name) ?? new Set();
    set.add(listener);
    this.map.set(name, set);
  }
  remove(name: Name, listener: Listener): void {
    this.map.get(name)?.delete(listener);
  }
  emit(name: Name, args: readonly unknown[]): void {
    for (const listener of [...(this.map.get(name) ?? [])]) (listener as (...args: readonly unknown[]) => void)(...args);
  }
  count(): number {
    return [...this.map.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

export class FakeTwilioCall implements TwilioCallLike {
  readonly parameters: Record<string, string>;
  readonly customParameters: Map<string, string>;
  readonly actions: string[] = [];
  readonly digits: string[] = [];
  private muted = false;
  private readonly listeners = new Listeners<TwilioCallEventName>();

  constructor(parameters: Record<string, string> = {}, custom: Record<string, string> = {}) {
    this.parameters = { ...parameters };
    this.customParameters = new Map(Object.entries(custom));
  }

  accept(): void {
    this.actions.push('accept');
  }
  reject(): void {
    this.actions.push('reject');
    this.emit('reject');
  }
  ignore(): void {
    this.actions.push('ignore');
  }
  disconnect(): void {
    this.actions.push('disconnect');
    this.emit('disconnect', this);
  }
  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }
  isMuted(): boolean {
    return this.muted;
  }
  sendDigits(digits: string): void {
    this.digits.push(digits);
  }
  on<E extends TwilioCallEventName>(event: E, listener: TwilioCallListeners[E]): this {
    this.listeners.add(event, listener);
    return this;
  }
  removeListener<E extends TwilioCallEventName>(event: E, listener: TwilioCallListeners[E]): this {
    this.listeners.remove(event, listener);
    return this;
  }
  emit<E extends TwilioCallEventName>(event: E, ...args: Parameters<TwilioCallListeners[E]>): void {
    this.listeners.emit(event, args);
  }
  listenerCount(): number {
    return this.listeners.count();
  }
}

export interface FakeMediaDevice {
  readonly deviceId: string;
  readonly label: string;
  readonly kind: 'audioinput' | 'audiooutput';
  readonly groupId: string;
}

class FakeOutputDevices implements TwilioOutputDevicesLike {
  active: string[] = ['default'];
  constructor(private readonly available: Map<string, FakeMediaDevice>) {}
  set(deviceIdOrIds: string | string[]): Promise<void> {
    const ids = Array.isArray(deviceIdOrIds) ? deviceIdOrIds : [deviceIdOrIds];
    if (ids.some((id) => !this.available.has(id))) return Promise.reject(new Error('Devices not found'));
    this.active = ids;
    return Promise.resolve();
  }
  get(): Set<FakeMediaDevice> {
    return new Set(this.active.flatMap((id) => this.available.get(id) ?? []));
  }
}

export class FakeAudio implements TwilioAudioLike {
  readonly availableInputDevices = new Map<string, FakeMediaDevice>();
  readonly availableOutputDevices = new Map<string, FakeMediaDevice>();
  isOutputSelectionSupported = true;
  inputDevice: FakeMediaDevice | null = null;
  readonly speakerDevices = new FakeOutputDevices(this.availableOutputDevices);
  readonly ringtoneDevices = new FakeOutputDevices(this.availableOutputDevices);
  private readonly listeners = new Listeners<'deviceChange'>();

  constructor(inputs: readonly string[] = [], outputs: readonly string[] = []) {
    for (const id of inputs) this.plug('audioinput', id);
    for (const id of outputs) this.plug('audiooutput', id);
    this.availableOutputDevices.set('default', { deviceId: 'default', label: 'Default', kind: 'audiooutput', groupId: 'g' });
  }

  plug(kind: FakeMediaDevice['kind'], deviceId: string): void {
    const device = { deviceId, label: `${kind} ${deviceId}`, kind, groupId: 'g' };
    (kind === 'audioinput' ? this.availableInputDevices : this.availableOutputDevices).set(deviceId, device);
  }
  setInputDevice(deviceId: string): Promise<void> {
    const device = this.availableInputDevices.get(deviceId);
    if (device === undefined) return Promise.reject(new Error('Device not found'));
    this.inputDevice = device;
    return Promise.resolve();
  }
  unsetInputDevice(): Promise<void> {
    this.inputDevice = null;
    return Promise.resolve();
  }
  on(event: 'deviceChange', listener: Listener): this {
    this.listeners.add(event, listener);
    return this;
  }
  removeListener(event: 'deviceChange', listener: Listener): this {
    this.listeners.remove(event, listener);
    return this;
  }
  emitDeviceChange(): void {
    this.listeners.emit('deviceChange', [[]]);
  }
  get inputId(): string | null {
    return this.inputDevice?.deviceId ?? null;
  }
}

/** What the next register() / connect() does. */
export type Behaviour = 'resolve' | 'hang' | { readonly reject: Error };

export class FakeTwilioDevice implements TwilioDeviceLike {
  state: Device.State = Device.State.Unregistered;
  isBusy = false;
  destroyed = false;
  readonly tokens: string[];
  registerCalls = 0;
  connectCalls: Parameters<TwilioDeviceLike['connect']>[0][] = [];
  registerBehaviour: Behaviour = 'resolve';
  connectBehaviour: Behaviour = 'resolve';
  /** The call the next resolving connect() returns. */
  nextOutboundCall = new FakeTwilioCall();
  /** Resolves a connect() that was told to hang. */
  finishHungConnect: ((call: FakeTwilioCall) => void) | null = null;
  updateTokenError: Error | null = null;
  private readonly listeners = new Listeners<TwilioDeviceEventName>();

  constructor(
    token: string,
    readonly options: TwilioDeviceOptions,
    readonly audio: FakeAudio | null,
  ) {
    this.tokens = [token];
  }

  register(): Promise<void> {
    this.registerCalls++;
    this.state = Device.State.Registering;
    this.emit('registering');
    return this.settle(this.registerBehaviour, () => {
      this.state = Device.State.Registered;
      this.emit('registered');
    });
  }
  unregister(): Promise<void> {
    this.state = Device.State.Unregistered;
    this.emit('unregistered');
    return Promise.resolve();
  }
  connect(options?: Parameters<TwilioDeviceLike['connect']>[0]): Promise<TwilioCallLike> {
    this.connectCalls.push(options);
    const behaviour = this.connectBehaviour;
    if (behaviour === 'hang') {
      return new Promise((resolve) => {
        this.finishHungConnect = resolve;
      });
    }
    if (behaviour !== 'resolve') return Promise.reject(behaviour.reject);
    return Promise.resolve(this.nextOutboundCall);
  }
  updateToken(token: string): void {
    if (this.updateTokenError !== null) throw this.updateTokenError;
    this.tokens.push(token);
  }
  destroy(): void {
    this.destroyed = true;
    this.state = Device.State.Destroyed;
  }
  on<E extends TwilioDeviceEventName>(event: E, listener: TwilioDeviceListener<E>): this {
    this.listeners.add(event, listener);
    return this;
  }
  removeListener<E extends TwilioDeviceEventName>(event: E, listener: TwilioDeviceListener<E>): this {
    this.listeners.remove(event, listener);
    return this;
  }
  emit<E extends TwilioDeviceEventName>(event: E, ...args: Parameters<TwilioDeviceListener<E>>): void {
    this.listeners.emit(event, args);
  }
  listenerCount(): number {
    return this.listeners.count();
  }

  private settle(behaviour: Behaviour, onResolve: () => void): Promise<void> {
    if (behaviour === 'hang') return new Promise(() => undefined);
    if (behaviour !== 'resolve') return Promise.reject(behaviour.reject);
    onResolve();
    return Promise.resolve();
  }
}

/** A JWT with only an `exp` claim (the provider reads nothing else). */
export function jwt(expiresAtMs: number, id = 'x'): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ exp: Math.floor(expiresAtMs / 1000), jti: id })}.sig`;
}

/** A Twilio-shaped error (the SDK's TwilioError has `code` and `message`). */
export function twilioError(code: number, message = `Twilio error ${code}`): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}
