/**
 * The browser's audio for the built-in WebRTC provider and the caller page: the microphone, playing
 * the other party, and the tones we generate with Web Audio (hold tone, silence, DTMF in-band,
 * ringtone). One AudioContext for all of them, created on first use and resumed on user gestures
 * (`unlock`), since browsers start it suspended without one.
 */
import type { AudioDevice } from '../../shared/voice/provider';
import { dtmfSchedule } from './dtmf';
import type { AudioStream, ToneTrack, VoiceMedia } from './media-types';

export type { RemotePlayback, ToneTrack, VoiceMedia } from './media-types';

export function createBrowserMedia(): VoiceMedia {
  let context: AudioContext | null = null;
  const audioContext = (): AudioContext => {
    context ??= new AudioContext({ latencyHint: 'interactive' });
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    return context;
  };

  const generated = (build: (ctx: AudioContext, out: MediaStreamAudioDestinationNode) => AudioNode[]): ToneTrack => {
    const ctx = audioContext();
    const destination = ctx.createMediaStreamDestination();
    const nodes = build(ctx, destination);
    const [track] = destination.stream.getAudioTracks();
    if (track === undefined) throw new Error('Web Audio gave no track');
    return {
      track,
      stop: () => {
        for (const node of nodes) {
          if (node instanceof OscillatorNode || node instanceof ConstantSourceNode) node.stop();
          node.disconnect();
        }
        track.stop();
      },
    };
  };

  const sinkSupported = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

  const playElement = (stream: AudioStream, sinkId: string | null): HTMLAudioElement => {
    const element = new Audio();
    element.autoplay = true;
    element.srcObject = stream as MediaStream;
    if (sinkId !== null && sinkSupported) void element.setSinkId(sinkId).catch(() => undefined);
    void element.play().catch(() => undefined);
    return element;
  };

  return {
    getMicrophone: (deviceId) =>
      navigator.mediaDevices.getUserMedia({
        audio: {
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
          ...(deviceId === null ? {} : { deviceId: { exact: deviceId } }),
        },
        video: false,
      }),

    play: (stream, sinkId) => {
      const element = playElement(stream, sinkId);
      return {
        setMuted: (muted) => {
          element.muted = muted;
        },
        setSink: async (deviceId) => {
          if (sinkSupported) await element.setSinkId(deviceId ?? '');
        },
        stop: () => {
          element.pause();
          element.srcObject = null;
        },
      };
    },

    holdTone: () =>
      generated((ctx, out) => {
        // A 523 Hz note whose loudness a slow square wave switches: one second on, one second off.
        const note = ctx.createOscillator();
        note.frequency.value = 523.25;
        const level = ctx.createGain();
        level.gain.value = 0.04;
        const pulse = ctx.createOscillator();
        pulse.type = 'square';
        pulse.frequency.value = 0.5;
        const depth = ctx.createGain();
        depth.gain.value = 0.04;
        pulse.connect(depth).connect(level.gain);
        note.connect(level).connect(out);
        note.start();
        pulse.start();
        return [note, pulse, level, depth];
      }),

    silence: () =>
      generated((ctx, out) => {
        const source = ctx.createConstantSource();
        source.offset.value = 0;
        source.connect(out);
        source.start();
        return [source];
      }),

    dtmfTones: (digits) => {
      const schedule = dtmfSchedule(digits);
      const tone = generated((ctx, out) => {
        const nodes: AudioNode[] = [];
        const start = ctx.currentTime + 0.05;
        for (const [at, duration, frequencies] of schedule.tones) {
          for (const frequency of frequencies) {
            const oscillator = ctx.createOscillator();
            oscillator.frequency.value = frequency;
            const gain = ctx.createGain();
            gain.gain.value = 0.2;
            oscillator.connect(gain).connect(out);
            oscillator.start(start + at);
            oscillator.stop(start + at + duration);
            nodes.push(gain, oscillator);
          }
        }
        return nodes;
      });
      const done = new Promise<void>((resolve) => {
        setTimeout(resolve, schedule.totalSeconds * 1000 + 100);
      });
      return { ...tone, done };
    },

    ring: (sinkId) => {
      const tone = generated((ctx, out) => {
        // 440 + 480 Hz, one second on, two off (a gentle version of the North American ring).
        const low = ctx.createOscillator();
        low.frequency.value = 440;
        const high = ctx.createOscillator();
        high.frequency.value = 480;
        const level = ctx.createGain();
        level.gain.value = 0;
        const now = ctx.currentTime;
        for (let cycle = 0; cycle < 200; cycle++) {
          level.gain.setValueAtTime(0.15, now + cycle * 3);
          level.gain.setValueAtTime(0, now + cycle * 3 + 1);
        }
        low.connect(level);
        high.connect(level);
        level.connect(out);
        low.start();
        high.start();
        return [low, high, level];
      });
      const element = playElement(new MediaStream([tone.track as MediaStreamTrack]), sinkId);
      return {
        stop: () => {
          element.pause();
          element.srcObject = null;
          tone.stop();
        },
      };
    },

    devices: async () => {
      const list = await navigator.mediaDevices.enumerateDevices();
      const of = (kind: MediaDeviceKind): AudioDevice[] =>
        list.filter((device) => device.kind === kind && device.deviceId !== '').map((device) => ({ id: device.deviceId, label: device.label }));
      return { inputs: of('audioinput'), outputs: of('audiooutput') };
    },

    onDeviceChange: (listener) => {
      navigator.mediaDevices.addEventListener('devicechange', listener);
      return () => {
        navigator.mediaDevices.removeEventListener('devicechange', listener);
      };
    },

    outputSelectable: sinkSupported,

    unlock: () => {
      audioContext();
    },
  };
}
