/**
 * Starts and stops the softphone's provider with the signed-in workspace (imperatively, like the
 * workspace itself: never from React effects, which may run twice). Which provider:
 *
 * - Twilio when the server hands out Twilio voice tokens (`POST /api/v1/voice/token` answers 200;
 *   unconfigured it answers 503 `voice_unavailable`);
 * - otherwise the built-in WebRTC provider, over the sync stream's socket.
 *
 * The WebRTC provider does not ring by itself (Twilio's SDK does): the runtime plays the ringtone
 * while a call rings, on the ringtone device the agent chose.
 *
 * In the desktop app it also connects the shell's call integration (desktop-calls.ts): an OS
 * notification while a call rings, and answer / hang-up from the notification or the global shortcuts.
 */
import { API_PREFIX } from '../../shared/sync/protocol';
import { formatPhoneNumber } from '../../shared/voice/phone';
import type { VoiceProvider } from '../../shared/voice/provider';
import { apiRequest, type FetchLike } from '../data/api';
import { useSession } from '../data/session';
import { useWorkspace } from '../data/workspace';
import { AudioPreferences, type KeyValueStore } from './audio-preferences';
import { createBrowserMedia } from './browser-media';
import { answer, attachProvider, hangup, primaryCall, reject, useSoftphone, type CallView } from './call-session';
import { desktopCalls } from './desktop-calls';
import type { VoiceMedia } from './media-types';
import { createPeerLink } from './peer-link';
import { TwilioVoiceProvider } from './twilio-provider';
import { voiceLinkOver } from './voice-link';
import { WebRtcVoiceProvider } from './webrtc-provider';

export const VOICE_TOKEN_PATH = `${API_PREFIX}/voice/token`;

const browserFetch: FetchLike = (input, init) => fetch(input, init);

/** Twilio when the server gives us a Twilio token; the built-in provider in every other case. */
export async function chooseProviderKind(fetchFn: FetchLike, serverUrl: string, token: string): Promise<VoiceProvider['kind']> {
  try {
    const body = await apiRequest(fetchFn, serverUrl, VOICE_TOKEN_PATH, { method: 'POST', token, timeoutMs: 10_000 });
    return typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' ? 'twilio' : 'webrtc';
  } catch {
    // 503 voice_unavailable (no Twilio), an older server (404), or no answer: the built-in provider.
    return 'webrtc';
  }
}

/** `localStorage`, or memory when storage is unavailable (choices then last for this session). */
function keyValueStore(): KeyValueStore {
  try {
    return localStorage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => {
        memory.set(key, value);
      },
      removeItem: (key) => {
        memory.delete(key);
      },
    };
  }
}

let activeMedia: VoiceMedia | null = null;

/** Lets generated audio (ringtone, hold tone) play: call from a click or key press. */
export function unlockVoiceAudio(): void {
  activeMedia?.unlock();
}

interface Running {
  readonly key: string;
  readonly provider: VoiceProvider;
  readonly stop: () => void;
}

/** Follows the workspace: a provider while one is open, none otherwise. Returns the function that stops it all. */
export function startSoftphoneRuntime(media: VoiceMedia = createBrowserMedia()): () => void {
  let running: Running | null = null;
  let generation = 0;
  activeMedia = media;
  const store = keyValueStore();
  const preferences = new AudioPreferences(store);

  const teardown = () => {
    const current = running;
    running = null;
    if (current === null) return;
    current.stop();
    current.provider.destroy();
  };

  const follow = async () => {
    const { status, engine, key } = useWorkspace.getState();
    const session = useSession.getState().session;
    if (status !== 'ready' || engine === null || key === null || session === null) {
      generation += 1;
      teardown();
      return;
    }
    if (running?.key === key) return;
    teardown();
    const mine = ++generation;
    const token = () => {
      const { session: current, expired } = useSession.getState();
      return current === null || expired ? null : current.token;
    };
    const first = token();
    const kind = first === null ? 'webrtc' : await chooseProviderKind(browserFetch, session.serverUrl, first);
    if (mine !== generation || useWorkspace.getState().engine !== engine) return;
    const provider: VoiceProvider =
      kind === 'twilio'
        ? new TwilioVoiceProvider({
            fetchToken: async () => {
              const bearer = token();
              if (bearer === null) throw new Error('signed out');
              const body = await apiRequest(browserFetch, session.serverUrl, VOICE_TOKEN_PATH, { method: 'POST', token: bearer });
              if (typeof body !== 'object' || body === null || !('token' in body) || typeof body.token !== 'string') throw new Error('malformed voice token');
              return body.token;
            },
            // Our server has no hold for Twilio calls yet: the provider reports hold_failed.
            server: {
              hold: () => Promise.reject(new Error('hold is not available for Twilio calls')),
              resume: () => Promise.reject(new Error('hold is not available for Twilio calls')),
            },
            store,
            appName: 'atende',
            appVersion: '0.1.0',
          })
        : new WebRtcVoiceProvider({ link: voiceLinkOver(engine.channel), media, store, createMediaLink: createPeerLink });
    const detach = attachProvider(provider);
    const stopRinging = kind === 'webrtc' ? ringWhileOffered(media, preferences) : () => undefined;
    running = {
      key,
      provider,
      stop: () => {
        stopRinging();
        detach();
      },
    };
  };

  const run = () => {
    follow().catch(() => undefined);
  };
  const stopDesktop = connectDesktopCalls();
  const stopWorkspace = useWorkspace.subscribe(run);
  const stopSession = useSession.subscribe((state, previous) => {
    if (state.session?.user.id !== previous.session?.user.id) run();
  });
  run();
  return () => {
    stopDesktop();
    stopWorkspace();
    stopSession();
    generation += 1;
    teardown();
    if (activeMedia === media) activeMedia = null;
  };
}

/** Plays the ringtone while a call rings at the agent. */
function ringWhileOffered(media: VoiceMedia, preferences: AudioPreferences): () => void {
  let ring: { stop(): void } | null = null;
  const update = () => {
    const ringing = useSoftphone.getState().calls.some((call) => call.state.status === 'ringing');
    if (ringing && ring === null) {
      try {
        ring = media.ring(preferences.get('ringtone'));
      } catch {
        ring = null;
      }
    } else if (!ringing && ring !== null) {
      ring.stop();
      ring = null;
    }
  };
  const unsubscribe = useSoftphone.subscribe(update);
  update();
  return () => {
    unsubscribe();
    ring?.stop();
    ring = null;
  };
}

/** The desktop shell's notification and global shortcuts, wired to the softphone (no-ops in web mode). */
function connectDesktopCalls(): () => void {
  if (!desktopCalls.available) return () => undefined;
  const disconnect = desktopCalls.connect();
  const stopActions = desktopCalls.onAction((request) => {
    if (request.action === 'answer') {
      void answer(request.callId);
      return;
    }
    const call = primaryCall(useSoftphone.getState());
    if (call?.state.status === 'ringing') void reject(call.id);
    else void hangup();
  });
  const notified = new Set<string>();
  const report = (error: unknown) => {
    globalThis.reportError(error);
  };
  const stopNotifications = useSoftphone.subscribe((state) => {
    const ringing = new Map(state.calls.filter((call) => call.state.status === 'ringing').map((call) => [call.id, call]));
    for (const [id, call] of ringing) {
      if (notified.has(id)) continue;
      notified.add(id);
      desktopCalls.notifyIncomingCall({ callId: id, caller: callerText(call), ...(call.peer.queueName === undefined ? {} : { queue: call.peer.queueName }) }).catch(report);
    }
    for (const id of [...notified]) {
      if (ringing.has(id)) continue;
      notified.delete(id);
      desktopCalls.dismissIncomingCall(id).catch(report);
    }
  });
  return () => {
    stopNotifications();
    stopActions();
    disconnect();
  };
}

function callerText(call: CallView): string | null {
  if (call.peer.name !== undefined && call.peer.name.trim() !== '') return call.peer.name;
  return call.peer.number === undefined ? null : formatPhoneNumber(call.peer.number);
}
