/**
 * The part of @twilio/voice-sdk the Twilio provider uses, typed from the SDK's own declarations
 * (`Pick<Device, …>`, `Device.EventName`, the documented `Device.*Event` / `Call.*Event` signatures),
 * so the test fake implements exactly this and an SDK upgrade that changes it fails to compile.
 *
 * The SDK is loaded with a dynamic import: it is only downloaded when the Twilio provider starts.
 */
import type { AudioHelper, Call, Device, OutputDeviceCollection } from '@twilio/voice-sdk';

/** The SDK documents each Call event as a `Call.<name>Event` function: this is that table. */
type CallEventDocs = { [K in keyof typeof Call as K extends `${infer Name}Event` ? Name : never]: (typeof Call)[K] };

export type TwilioErrorLike = Pick<Parameters<typeof Call.errorEvent>[0], 'code' | 'message'>;

/** Call events by the names the SDK emits (`warning-cleared` is documented as `warningClearedEvent`). */
export interface TwilioCallListeners {
  accept: (call: TwilioCallLike) => void;
  ringing: CallEventDocs['ringing'];
  cancel: CallEventDocs['cancel'];
  reject: CallEventDocs['reject'];
  disconnect: (call: TwilioCallLike) => void;
  error: (error: TwilioErrorLike) => void;
  reconnecting: (error: TwilioErrorLike) => void;
  reconnected: CallEventDocs['reconnected'];
  mute: (isMuted: boolean, call: TwilioCallLike) => void;
  warning: CallEventDocs['warning'];
  'warning-cleared': CallEventDocs['warningCleared'];
}
export type TwilioCallEventName = keyof TwilioCallListeners;

export interface TwilioCallLike extends Pick<Call, 'accept' | 'reject' | 'ignore' | 'disconnect' | 'mute' | 'isMuted' | 'sendDigits' | 'parameters' | 'customParameters'> {
  on<E extends TwilioCallEventName>(event: E, listener: TwilioCallListeners[E]): unknown;
  removeListener<E extends TwilioCallEventName>(event: E, listener: TwilioCallListeners[E]): unknown;
}

/** The SDK's Device event names, e.g. `incoming`, `registered`, `tokenWillExpire`. */
export type TwilioDeviceEventName = `${Device.EventName}`;
export type TwilioDeviceState = `${Device.State}`;

export type TwilioDeviceListener<E extends TwilioDeviceEventName> = E extends 'incoming'
  ? (call: TwilioCallLike) => void
  : E extends 'error'
    ? (error: TwilioErrorLike, call?: TwilioCallLike) => void
    : E extends 'tokenWillExpire'
      ? (device: TwilioDeviceLike) => void
      : typeof Device.registeredEvent;

export type TwilioOutputDevicesLike = Pick<OutputDeviceCollection, 'set' | 'get'>;

export interface TwilioAudioLike
  extends Pick<AudioHelper, 'setInputDevice' | 'unsetInputDevice' | 'inputDevice' | 'availableInputDevices' | 'availableOutputDevices' | 'isOutputSelectionSupported'> {
  readonly speakerDevices: TwilioOutputDevicesLike;
  readonly ringtoneDevices: TwilioOutputDevicesLike;
  on(event: 'deviceChange', listener: typeof AudioHelper.deviceChangeEvent): unknown;
  removeListener(event: 'deviceChange', listener: typeof AudioHelper.deviceChangeEvent): unknown;
}

export interface TwilioDeviceLike extends Pick<Device, 'register' | 'unregister' | 'updateToken' | 'destroy' | 'isBusy'> {
  readonly state: Device.State;
  readonly audio: TwilioAudioLike | null;
  connect(options?: Device.ConnectOptions): Promise<TwilioCallLike>;
  on<E extends TwilioDeviceEventName>(event: E, listener: TwilioDeviceListener<E>): unknown;
  removeListener<E extends TwilioDeviceEventName>(event: E, listener: TwilioDeviceListener<E>): unknown;
}

export type TwilioDeviceOptions = Device.Options;

export type CreateTwilioDevice = (token: string, options: TwilioDeviceOptions) => Promise<TwilioDeviceLike>;

/** The real SDK. Typed as CreateTwilioDevice: the compiler checks the real Device fits TwilioDeviceLike. */
export const createTwilioDevice: CreateTwilioDevice = async (token, options) => {
  const { Device: TwilioDevice } = await import('@twilio/voice-sdk');
  return new TwilioDevice(token, options);
};
