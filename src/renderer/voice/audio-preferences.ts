/**
 * The agent's audio devices (microphone, call audio, ringtone), chosen separately and remembered per
 * machine. A remembered device that is unplugged stays remembered: the system default is used meanwhile
 * and the choice comes back when the device does (a headset plugged in after the app started).
 */
import { AUDIO_DEVICE_KINDS, type AudioDeviceKind } from '../../shared/voice/provider';

/** `localStorage` fits this; tests use a Map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const AUDIO_PREFERENCE_KEY_PREFIX = 'atende.voice.audio.';

export class AudioPreferences {
  constructor(private readonly store: KeyValueStore) {}

  /** The remembered device id, or null for the system default. A store that fails reads as nothing remembered. */
  get(kind: AudioDeviceKind): string | null {
    try {
      const value = this.store.getItem(AUDIO_PREFERENCE_KEY_PREFIX + kind);
      return value === null || value === '' ? null : value;
    } catch {
      return null;
    }
  }

  /** Remembers a choice; a store that refuses (quota, private mode) costs only the memory of it. */
  set(kind: AudioDeviceKind, deviceId: string | null): void {
    try {
      if (deviceId === null) this.store.removeItem(AUDIO_PREFERENCE_KEY_PREFIX + kind);
      else this.store.setItem(AUDIO_PREFERENCE_KEY_PREFIX + kind, deviceId);
    } catch {
      // Nothing to do: the selection still applies for this session.
    }
  }

  all(): Record<AudioDeviceKind, string | null> {
    return Object.fromEntries(AUDIO_DEVICE_KINDS.map((kind) => [kind, this.get(kind)])) as Record<AudioDeviceKind, string | null>;
  }
}
