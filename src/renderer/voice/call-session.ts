/**
 * The softphone's one store: the agent's state and the calls in progress, fed by whichever voice
 * provider is attached. Provider events go through the shared state machines
 * (src/shared/voice/call-state.ts, agent-state.ts), so timings and outcomes are the machines' word,
 * never the provider's; the UI reads this store and calls the actions below.
 *
 * - Agent state: a provider with server presence (built-in WebRTC) is followed: the server routes on
 *   its own view, so we show that. Without one (Twilio) the shared agent machine runs here, and
 *   registering / unregistering the provider follows it.
 * - Calls: ringing, dialling and connected calls are `calls` (a warm transfer makes two: the caller on
 *   hold and the consult call, which has `consultFor`). An answered call that ends becomes a wrap-up
 *   item (`wrapUps`, with its `calls` record id) until the agent finishes it; internal calls (with a
 *   colleague) need no wrap-up.
 * - "Break (or offline) after this call": asked during a call, it is kept and applied when the last
 *   call ends, as the shared agent machine does.
 */
import { create } from 'zustand';
import {
  DEFAULT_AGENT_POLICY,
  canTakeOffers,
  initialAgentState,
  isIllegalAgentTransition,
  transitionAgent,
  wrapUpDueAt,
  type AgentEvent,
  type AgentState,
  type PendingAgentStatus,
} from '../../shared/voice/agent-state';
import { IDLE_CALL, isIllegalTransition, transition, type CallEvent, type CallState, type EndCause, type OfferedParty } from '../../shared/voice/call-state';
import { normalizePhoneNumber } from '../../shared/voice/phone';
import { VoiceError, type AudioDeviceKind, type AudioDevices, type CallQuality, type ProviderCall, type RegistrationStatus, type VoiceErrorCode, type VoiceProvider } from '../../shared/voice/provider';
import type { AgentPresenceView, VoiceErrorCode as ServerErrorCode } from '../../shared/voice/signalling';
import { hasMediaReports, hasPresence, hasTransfers, serverCodeOf, type TransferTarget } from './capabilities';
import type { MediaStats } from './quality';

/** Who is on the other end, as the softphone shows it. */
export interface PeerDisplay {
  readonly kind: 'caller' | 'agent' | 'number' | 'unknown';
  readonly name?: string;
  /** E.164, when there is one. */
  readonly number?: string;
  readonly userId?: string;
  readonly queueName?: string;
  readonly reason?: string;
  /** How the call came: queue, transfer, internal, consult, adopted (handed over by a warm transfer). */
  readonly offerKind?: string;
}

export interface CallView {
  /** The provider's handle. */
  readonly id: string;
  readonly info: ProviderCall;
  readonly state: Exclude<CallState, { status: 'idle' }>;
  readonly peer: PeerDisplay;
  /** The `calls` document of this agent's part, once known. */
  readonly recordId?: string;
  /** A consult call: the id of the call it is about. */
  readonly consultFor?: string;
  readonly remoteHeld: boolean;
  readonly quality?: CallQuality;
  readonly media?: MediaStats;
  /** An action on this call is under way (answering, holding…). */
  readonly busy: boolean;
}

export interface WrapUpItem {
  readonly callId: string;
  readonly recordId?: string;
  readonly peer: PeerDisplay;
  readonly endedAt: number;
}

export interface SoftphoneError {
  readonly code: VoiceErrorCode;
  readonly serverCode?: ServerErrorCode;
  readonly at: number;
}

export interface SoftphoneCapabilities {
  readonly transfer: boolean;
  readonly internalDial: boolean;
  readonly numberDial: boolean;
  readonly presence: boolean;
}

export interface SoftphoneState {
  readonly provider: VoiceProvider['kind'] | null;
  readonly registration: RegistrationStatus;
  readonly agent: AgentState;
  /** The server's view of this agent (providers with presence). */
  readonly presence: AgentPresenceView | null;
  /** Break or offline asked for during a call, applied when it ends. */
  readonly pendingAgentState: PendingAgentStatus | null;
  readonly calls: readonly CallView[];
  readonly wrapUps: readonly WrapUpItem[];
  readonly lastEnded: { readonly peer: PeerDisplay; readonly cause: EndCause; readonly at: number } | null;
  readonly error: SoftphoneError | null;
  readonly capabilities: SoftphoneCapabilities;
  readonly devices: AudioDevices | null;
  /** An agent-state change is under way. */
  readonly agentBusy: boolean;
}

const NO_CAPABILITIES: SoftphoneCapabilities = { transfer: false, internalDial: false, numberDial: false, presence: false };

export function initialSoftphoneState(now: number = Date.now()): SoftphoneState {
  return {
    provider: null,
    registration: 'unregistered',
    agent: initialAgentState(now),
    presence: null,
    pendingAgentState: null,
    calls: [],
    wrapUps: [],
    lastEnded: null,
    error: null,
    capabilities: NO_CAPABILITIES,
    devices: null,
    agentBusy: false,
  };
}

export const useSoftphone = create<SoftphoneState>()(() => initialSoftphoneState());

interface Attached {
  readonly provider: VoiceProvider;
  readonly now: () => number;
  readonly unbind: () => void;
  wrapUpTimer: ReturnType<typeof setTimeout> | undefined;
}

let attached: Attached | null = null;

const get = () => useSoftphone.getState();
const set = (partial: Partial<SoftphoneState> | ((state: SoftphoneState) => Partial<SoftphoneState>)) => {
  useSoftphone.setState(partial);
};

// ---- reading the store -----------------------------------------------------------------------------

/** The call the agent works on: the first that is not a consult. */
export function primaryCall(state: Pick<SoftphoneState, 'calls'>): CallView | undefined {
  return state.calls.find((call) => call.consultFor === undefined);
}

export function consultCall(state: Pick<SoftphoneState, 'calls'>): CallView | undefined {
  return state.calls.find((call) => call.consultFor !== undefined);
}

/** What the provider tells about the other party. */
export function peerOf(call: ProviderCall): PeerDisplay {
  const p = call.parameters;
  const common = {
    ...(p['queueName'] === undefined ? {} : { queueName: p['queueName'] }),
    ...(p['kind'] === undefined ? {} : { offerKind: p['kind'] }),
  };
  if (p['peerKind'] === 'agent') {
    return { kind: 'agent', ...(p['peerUserId'] === undefined ? {} : { userId: p['peerUserId'] }), ...(p['peerName'] === undefined ? {} : { name: p['peerName'] }), ...common };
  }
  const raw = p['callerPhone'] ?? (call.direction === 'inbound' ? call.from : call.to);
  if (raw?.startsWith('client:') === true) return { kind: 'agent', userId: raw.slice('client:'.length), ...common };
  const parsed = raw === undefined ? undefined : normalizePhoneNumber(raw, { validation: 'possible' });
  const number = parsed?.ok === true ? parsed.e164 : undefined;
  const name = p['callerName'];
  return {
    kind: p['peerKind'] === 'caller' ? 'caller' : number === undefined ? 'unknown' : 'number',
    ...(name === undefined ? {} : { name }),
    ...(number === undefined ? {} : { number }),
    ...(p['callerReason'] === undefined ? {} : { reason: p['callerReason'] }),
    ...common,
  };
}

/** The `calls` document of this agent's part: the server names it (WebRTC), or it follows from the CallSid (Twilio). */
export function recordIdOf(call: ProviderCall): string | undefined {
  const named = call.parameters['recordId'];
  if (named !== undefined) return named;
  const sid = call.parameters['atendeCallSid'] ?? call.providerCallId;
  return sid === undefined || !sid.startsWith('CA') ? undefined : `call_tw_${sid}`;
}

function offeredParty(peer: PeerDisplay, call: ProviderCall): OfferedParty {
  if (peer.kind === 'agent' && peer.userId !== undefined) return { direction: 'internal', peerUserId: peer.userId };
  return { direction: 'inbound', ...(peer.number === undefined ? {} : { fromNumber: peer.number }), ...(toNumberOf(call) ?? {}) };
}

function toNumberOf(call: ProviderCall): { toNumber: string } | undefined {
  const parsed = call.to === undefined ? undefined : normalizePhoneNumber(call.to, { validation: 'possible' });
  return parsed?.ok === true ? { toNumber: parsed.e164 } : undefined;
}

// ---- attaching a provider --------------------------------------------------------------------------

/** Feeds `provider`'s events into the store; returns the function that detaches it (and resets the store). */
export function attachProvider(provider: VoiceProvider, options: { readonly now?: () => number } = {}): () => void {
  detachProvider();
  const now = options.now ?? Date.now;
  const stops: (() => void)[] = [];
  const record: Attached = {
    provider,
    now,
    wrapUpTimer: undefined,
    unbind: () => {
      for (const stop of stops) stop();
    },
  };
  attached = record;
  const presence = hasPresence(provider);
  set({
    ...initialSoftphoneState(now()),
    provider: provider.kind,
    registration: provider.registration,
    capabilities: {
      transfer: hasTransfers(provider),
      internalDial: true,
      numberDial: provider.kind !== 'webrtc',
      presence,
    },
    devices: provider.audioDevices(),
  });
  const live = (handler: () => void) => {
    if (attached === record) handler();
  };

  stops.push(
    provider.on('registration', (status) => {
      live(() => {
        onRegistration(status);
      });
    }),
    provider.on('incoming', (call) => {
      live(() => {
        onIncoming(call);
      });
    }),
    provider.on('ringing', (call) => {
      live(() => {
        trackDialled(call);
      });
    }),
    provider.on('accepted', (call) => {
      live(() => {
        onAccepted(call);
      });
    }),
    provider.on('disconnected', (call, cause) => {
      live(() => {
        onDisconnected(call, cause);
      });
    }),
    provider.on('reconnecting', (call) => {
      live(() => {
        applyCallEvent(call, { type: 'connection_lost', at: now() });
      });
    }),
    provider.on('reconnected', (call) => {
      live(() => {
        applyCallEvent(call, { type: 'connection_restored', at: now() });
      });
    }),
    provider.on('muted', (call, muted) => {
      live(() => {
        applyCallEvent(call, { type: 'mute', at: now(), muted });
      });
    }),
    provider.on('held', (call, held) => {
      live(() => {
        applyCallEvent(call, held ? { type: 'hold', at: now() } : { type: 'resume', at: now() });
      });
    }),
    provider.on('quality', (call, quality) => {
      live(() => {
        updateCall(call.id, () => ({ quality }));
      });
    }),
    provider.on('devices', (devices) => {
      live(() => {
        set({ devices });
      });
    }),
    provider.on('error', (error) => {
      live(() => {
        reportError(error);
      });
    }),
  );
  if (presence) {
    stops.push(
      provider.on('presence', (view) => {
        live(() => {
          onPresence(view);
        });
      }),
    );
    if (provider.presence !== null) onPresence(provider.presence);
  }
  if (hasMediaReports(provider)) {
    stops.push(
      provider.on('remoteHold', (call, held) => {
        live(() => {
          updateCall(call.id, () => ({ remoteHeld: held }));
        });
      }),
      provider.on('media', (call, stats) => {
        live(() => {
          updateCall(call.id, () => ({ media: stats }));
        });
      }),
    );
  }
  return () => {
    if (attached === record) detachProvider();
  };
}

/** Stops listening to the provider (which the caller destroys) and resets the store. */
export function detachProvider(): void {
  const current = attached;
  if (current === null) return;
  attached = null;
  clearTimeout(current.wrapUpTimer);
  current.unbind();
  set(initialSoftphoneState(current.now()));
}

/** The attached provider, for the panel's device settings and diagnostics. */
export function attachedProvider(): VoiceProvider | null {
  return attached?.provider ?? null;
}

// ---- provider events -------------------------------------------------------------------------------

function onRegistration(status: RegistrationStatus): void {
  set({ registration: status });
  if (get().capabilities.presence) return;
  // No server presence: the provider is registered exactly while the agent is available, so losing it
  // then takes the agent offline until it is back.
  const agent = get().agent;
  if (status === 'unregistered' && agent.status === 'available') applyAgentEvent({ type: 'device_lost', at: clock() });
  if (status === 'registered' && agent.status === 'offline' && agent.cause === 'device') applyAgentEvent({ type: 'device_restored', at: clock() });
}

function onPresence(view: AgentPresenceView | null): void {
  const { agent } = get();
  if (view === null) {
    set({ presence: null });
    if (agent.status === 'offline') return;
    // The server stopped hearing us (connection lost): offline until it is back, then the same state again.
    const next = transitionAgent(agent, { type: 'device_lost', at: clock() });
    if (!isIllegalAgentTransition(next)) set({ agent: next });
    return;
  }
  set({ presence: view, agent: agentFromPresence(view, get()) });
}

/** The server's view of the agent as the shared agent state. */
export function agentFromPresence(view: AgentPresenceView, state: Pick<SoftphoneState, 'calls' | 'pendingAgentState'>): AgentState {
  const since = Date.parse(view.since);
  const at = Number.isFinite(since) ? since : Date.now();
  const next = state.pendingAgentState === null ? {} : { next: state.pendingAgentState };
  switch (view.state) {
    case 'available':
      return { status: 'available', since: at };
    case 'on_call':
      return { status: 'on_call', since: at, origin: primaryCall(state)?.state.call.origin ?? 'offered', ...next };
    case 'wrap_up': {
      const ends = view.wrapUpEndsAt === undefined ? Number.NaN : Date.parse(view.wrapUpEndsAt);
      const autoReturn = Number.isFinite(ends);
      return { status: 'wrap_up', since: at, dueAt: autoReturn ? ends : Number.POSITIVE_INFINITY, autoReturn, overdue: false, ...next };
    }
    case 'break':
      return { status: 'break', since: at, reason: view.reason ?? 'break' };
    case 'offline':
      return { status: 'offline', since: at, cause: 'agent' };
  }
}

function onIncoming(call: ProviderCall): void {
  const { provider } = requireAttached();
  const state = get();
  const adopted = call.parameters['kind'] === 'adopted';
  const busy = state.calls.some((existing) => existing.id !== call.id);
  // Another call while one is in progress (call waiting), or an offer while on a break (no server presence): decline.
  if ((busy && !adopted) || (!adopted && !state.capabilities.presence && !canTakeOffers(state.agent))) {
    try {
      provider.reject(call.id);
    } catch {
      // Already gone.
    }
    return;
  }
  const at = clock();
  const peer = peerOf(call);
  let next = transition(IDLE_CALL, { type: 'offer', at, party: offeredParty(peer, call), ...(call.providerCallId === undefined ? {} : { providerCallId: call.providerCallId }) });
  if (adopted && !isIllegalTransition(next)) next = transition(next, { type: 'accept', at });
  if (isIllegalTransition(next) || next.status === 'idle') return;
  addCall(call, next, peer);
  if (!state.capabilities.presence) applyAgentEvent({ type: 'call_started', at, origin: 'offered' });
}

/** An outbound call (dialled, or a consult) the store does not know yet. */
function trackDialled(call: ProviderCall): void {
  if (get().calls.some((existing) => existing.id === call.id)) return;
  const at = clock();
  const peer = peerOf(call);
  const next =
    peer.kind === 'agent' && peer.userId !== undefined
      ? transition(IDLE_CALL, { type: 'dial', at, party: { direction: 'internal', peerUserId: peer.userId } })
      : transition(IDLE_CALL, { type: 'dial', at, party: { direction: 'outbound', toNumber: peer.number ?? '' } });
  if (isIllegalTransition(next) || next.status === 'idle') return;
  addCall(call, next, peer);
  const consulting = call.parameters['consultFor'] !== undefined;
  if (!get().capabilities.presence && !consulting) applyAgentEvent({ type: 'call_started', at, origin: 'dialed' });
}

function addCall(call: ProviderCall, state: CallView['state'], peer: PeerDisplay): void {
  const recordId = recordIdOf(call);
  const consultFor = call.parameters['consultFor'];
  const view: CallView = {
    id: call.id,
    info: call,
    state,
    peer,
    ...(recordId === undefined ? {} : { recordId }),
    ...(consultFor === undefined ? {} : { consultFor }),
    remoteHeld: false,
    busy: false,
  };
  set((current) => ({ calls: [...current.calls.filter((existing) => existing.id !== call.id), view], lastEnded: null }));
}

function onAccepted(call: ProviderCall): void {
  if (!get().calls.some((existing) => existing.id === call.id)) trackDialled(call);
  applyCallEvent(call, { type: 'connected', at: clock(), ...(call.providerCallId === undefined ? {} : { providerCallId: call.providerCallId }) });
}

function onDisconnected(call: ProviderCall, cause: EndCause): void {
  const view = get().calls.find((existing) => existing.id === call.id);
  if (view === undefined) return;
  const at = clock();
  let next = transition(view.state, { type: 'end', at, cause });
  if (isIllegalTransition(next) || next.status === 'idle') return;
  const internal = view.state.call.party.direction === 'internal';
  const handedToUs = call.parameters['endReason'] === 'transferred' && cause === 'remote_hangup';
  // A call with a colleague has nothing to wrap up.
  if (next.status === 'wrap_up' && internal) {
    const done = transition(next, { type: 'wrap_up_done', at });
    if (!isIllegalTransition(done) && done.status !== 'idle') next = done;
  }
  const recordId = recordIdOf(call) ?? view.recordId;
  const wrapUp: WrapUpItem | null = next.status === 'wrap_up' ? { callId: call.id, ...(recordId === undefined ? {} : { recordId }), peer: view.peer, endedAt: at } : null;
  set((current) => ({
    calls: current.calls.filter((existing) => existing.id !== call.id),
    wrapUps: wrapUp === null ? current.wrapUps : [...current.wrapUps, wrapUp],
    lastEnded: { peer: view.peer, cause, at },
  }));
  if (get().calls.length > 0) return;
  // The last call ended.
  const outcome = next.call.outcome ?? 'missed';
  if (!get().capabilities.presence) {
    applyAgentEvent({ type: 'call_ended', at, outcome });
    scheduleWrapUpTimer();
    return;
  }
  const pending = get().pendingAgentState;
  if (pending !== null) {
    set({ pendingAgentState: null });
    void setAgentState(pending.status, pending.status === 'break' ? pending.reason : undefined);
  } else if (internal && !handedToUs && get().wrapUps.length === 0 && next.call.outcome === 'answered') {
    // After a call with a colleague the server starts a wrap-up nobody needs: ready again at once.
    void setAgentState('available');
  }
}

function applyCallEvent(call: ProviderCall, event: CallEvent): void {
  updateCall(call.id, (view) => {
    const next = transition(view.state, event);
    if (isIllegalTransition(next) || next.status === 'idle') return {};
    const recordId = recordIdOf(call);
    return { state: next, info: call, ...(recordId === undefined ? {} : { recordId }) };
  });
}

function updateCall(id: string, change: (view: CallView) => Partial<CallView>): void {
  set((current) => {
    const index = current.calls.findIndex((view) => view.id === id);
    const view = current.calls[index];
    if (view === undefined) return {};
    const calls = [...current.calls];
    calls[index] = { ...view, ...change(view) };
    return { calls };
  });
}

function applyAgentEvent(event: AgentEvent): boolean {
  const next = transitionAgent(get().agent, event, DEFAULT_AGENT_POLICY);
  if (isIllegalAgentTransition(next)) return false;
  set({ agent: next });
  return true;
}

/** Without server presence, the wrap-up timer of the shared agent machine runs here. */
function scheduleWrapUpTimer(): void {
  const current = attached;
  if (current === null) return;
  clearTimeout(current.wrapUpTimer);
  const due = wrapUpDueAt(get().agent);
  if (due === null || !Number.isFinite(due)) return;
  current.wrapUpTimer = setTimeout(() => {
    if (attached !== current) return;
    applyAgentEvent({ type: 'wrap_up_timer', at: Math.max(clock(), due) });
    followAgentState();
  }, Math.max(0, due - clock()));
}

/** Without server presence, the provider registers exactly while the agent can take calls. */
function followAgentState(): void {
  const current = attached;
  if (current === null || get().capabilities.presence) return;
  const wanted = get().agent.status === 'available';
  const { registration } = current.provider;
  const action = wanted && registration === 'unregistered' ? current.provider.register() : !wanted && registration === 'registered' && get().calls.length === 0 ? current.provider.unregister() : null;
  action?.catch((error: unknown) => {
    reportError(error);
  });
}

function reportError(error: unknown): void {
  const code: VoiceErrorCode = error instanceof VoiceError ? error.code : 'call_failed';
  const serverCode = serverCodeOf(error);
  set({ error: { code, ...(serverCode === undefined ? {} : { serverCode }), at: clock() } });
}

function clock(): number {
  return attached?.now() ?? Date.now();
}

function requireAttached(): Attached {
  if (attached === null) throw new VoiceError('destroyed', 'no voice provider');
  return attached;
}

/** Runs an action on the attached provider; a failure becomes the store's error (and is returned as false). */
async function run(action: (provider: VoiceProvider) => Promise<void> | void, busyCall?: string): Promise<boolean> {
  const current = attached;
  if (current === null) return false;
  if (busyCall !== undefined) updateCall(busyCall, () => ({ busy: true }));
  try {
    await action(current.provider);
    return true;
  } catch (error) {
    if (attached === current) reportError(error);
    return false;
  } finally {
    if (busyCall !== undefined) updateCall(busyCall, () => ({ busy: false }));
  }
}

// ---- actions (the panel's buttons and shortcuts) ---------------------------------------------------

export type ChosenAgentStatus = 'available' | 'break' | 'offline';

/** The agent picks a state. During a call, break and offline wait for the call to end. */
export async function setAgentState(status: ChosenAgentStatus, reason?: string): Promise<boolean> {
  const current = attached;
  if (current === null) return false;
  const state = get();
  const inCall = state.calls.length > 0;
  if (inCall) {
    if (status === 'available') {
      set({ pendingAgentState: null, agent: withoutNext(state.agent) });
      return true;
    }
    const pending: PendingAgentStatus = status === 'break' ? { status: 'break', reason: reason ?? 'break' } : { status: 'offline' };
    set({ pendingAgentState: pending, agent: state.agent.status === 'on_call' || state.agent.status === 'wrap_up' ? { ...state.agent, next: pending } : state.agent });
    return true;
  }
  const provider = current.provider;
  if (hasPresence(provider)) {
    set({ agentBusy: true, pendingAgentState: null });
    const done = await run(() => provider.setAgentState(status, reason));
    if (attached === current) {
      set({ agentBusy: false });
      if (done && status === 'offline') set({ agent: { status: 'offline', since: clock(), cause: 'agent' }, presence: null });
    }
    return done;
  }
  const at = clock();
  const event: AgentEvent = status === 'available' ? { type: 'set_available', at } : status === 'break' ? { type: 'start_break', at, reason: reason ?? 'break' } : { type: 'go_offline', at };
  if (state.agent.status === 'wrap_up' && status === 'available') applyAgentEvent({ type: 'finish_wrap_up', at });
  else applyAgentEvent(event);
  set({ agentBusy: true });
  followAgentState();
  set({ agentBusy: false });
  return true;
}

function withoutNext(agent: AgentState): AgentState {
  if (agent.status !== 'on_call' && agent.status !== 'wrap_up') return agent;
  if (agent.next === undefined) return agent;
  return agent.status === 'on_call' ? { status: 'on_call', since: agent.since, origin: agent.origin } : { status: 'wrap_up', since: agent.since, dueAt: agent.dueAt, autoReturn: agent.autoReturn, overdue: agent.overdue };
}

function targetCall(id?: string): CallView | undefined {
  const state = get();
  return id === undefined ? primaryCall(state) : state.calls.find((call) => call.id === id);
}

export async function answer(id?: string): Promise<boolean> {
  const call = targetCall(id) ?? get().calls.find((view) => view.state.status === 'ringing');
  if (call?.state.status !== 'ringing') return false;
  const done = await run((provider) => provider.accept(call.id), call.id);
  if (done) applyCallEvent(call.info, { type: 'accept', at: clock() });
  return done;
}

export function reject(id?: string): Promise<boolean> {
  const call = targetCall(id) ?? get().calls.find((view) => view.state.status === 'ringing');
  if (call?.state.status !== 'ringing') return Promise.resolve(false);
  return run((provider) => {
    provider.reject(call.id);
  });
}

/** Hangs up the consult call when there is one (the caller stays, on hold), else the primary call. */
export function hangup(id?: string): Promise<boolean> {
  const call = id === undefined ? (consultCall(get()) ?? primaryCall(get())) : targetCall(id);
  if (call === undefined) return Promise.resolve(false);
  if (call.state.status === 'ringing') return reject(call.id);
  const resumeAfter = call.consultFor;
  return run((provider) => {
    provider.hangup(call.id);
  }).then(async (done) => {
    if (done && resumeAfter !== undefined) await resume(resumeAfter);
    return done;
  });
}

export function toggleMute(id?: string): Promise<boolean> {
  const call = targetCall(id);
  if (call === undefined) return Promise.resolve(false);
  return run((provider) => {
    provider.mute(call.id, !call.state.call.muted);
  });
}

export function toggleHold(id?: string): Promise<boolean> {
  const call = targetCall(id);
  if (call === undefined) return Promise.resolve(false);
  if (call.state.status === 'on_hold') return resume(call.id);
  if (call.state.status !== 'active') return Promise.resolve(false);
  return run((provider) => provider.hold(call.id), call.id);
}

function resume(id: string): Promise<boolean> {
  const call = get().calls.find((view) => view.id === id);
  if (call?.state.status !== 'on_hold') return Promise.resolve(false);
  return run((provider) => provider.resume(id), id);
}

export function sendDigits(digits: string, id?: string): Promise<boolean> {
  const call = id === undefined ? (consultCall(get()) ?? primaryCall(get())) : targetCall(id);
  if (call === undefined) return Promise.resolve(false);
  return run((provider) => {
    provider.sendDigits(call.id, digits);
  });
}

/** Cold transfer of the primary call. */
export function transferNow(target: TransferTarget): Promise<boolean> {
  const call = primaryCall(get());
  if (call === undefined) return Promise.resolve(false);
  return run(async (provider) => {
    if (!hasTransfers(provider)) throw new VoiceError('call_failed', 'this provider cannot transfer');
    await provider.transfer(call.id, target);
  }, call.id);
}

/** Warm transfer, step 1: the caller is held and the target called. */
export async function startConsult(target: TransferTarget): Promise<boolean> {
  const call = primaryCall(get());
  if (call === undefined || consultCall(get()) !== undefined) return false;
  const wasHeld = call.state.status === 'on_hold';
  const done = await run(async (provider) => {
    if (!hasTransfers(provider)) throw new VoiceError('call_failed', 'this provider cannot transfer');
    if (!wasHeld) await provider.hold(call.id);
    const consult = await provider.consult(call.id, target);
    trackDialled(consult);
  }, call.id);
  // Nobody to consult: the caller must not be left on hold.
  if (!done && !wasHeld) await resume(call.id);
  return done;
}

/** Warm transfer, step 2: the consulted colleague takes the caller. */
export function completeTransfer(): Promise<boolean> {
  const consult = consultCall(get());
  if (consult === undefined) return Promise.resolve(false);
  return run(async (provider) => {
    if (!hasTransfers(provider)) throw new VoiceError('call_failed', 'this provider cannot transfer');
    await provider.completeTransfer(consult.id);
  }, consult.id);
}

/** Ends the consult call and takes the caller off hold. */
export function cancelConsult(): Promise<boolean> {
  const consult = consultCall(get());
  return consult === undefined ? Promise.resolve(false) : hangup(consult.id);
}

/** Calls a colleague. */
export function dialUser(userId: string): Promise<boolean> {
  return dial({ target: { kind: 'user', userId } });
}

/** Calls a phone number (E.164); only providers that reach the phone network can. */
export function dialNumber(e164: string, params?: Readonly<Record<string, string>>): Promise<boolean> {
  return dial({ target: { kind: 'number', e164 }, ...(params === undefined ? {} : { params }) });
}

function dial(request: Parameters<VoiceProvider['connect']>[0]): Promise<boolean> {
  if (get().calls.length > 0) {
    set({ error: { code: 'connect_failed', serverCode: 'busy', at: clock() } });
    return Promise.resolve(false);
  }
  return run(async (provider) => {
    trackDialled(await provider.connect(request));
  });
}

/** The agent finished the after-call work of `callId`. */
export async function finishWrapUp(callId: string): Promise<void> {
  set((current) => ({ wrapUps: current.wrapUps.filter((item) => item.callId !== callId) }));
  const state = get();
  if (state.wrapUps.length > 0 || state.calls.length > 0) return;
  const pending = state.pendingAgentState;
  if (pending !== null) {
    set({ pendingAgentState: null });
    await setAgentState(pending.status, pending.status === 'break' ? pending.reason : undefined);
    return;
  }
  if (state.agent.status === 'wrap_up') await setAgentState('available');
}

export function dismissError(): void {
  set({ error: null });
}

export function selectAudioDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<boolean> {
  return run((provider) => provider.selectAudioDevice(kind, deviceId));
}
