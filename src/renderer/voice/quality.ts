/**
 * Call quality of the built-in WebRTC provider, from RTCPeerConnection.getStats(): the audio counters
 * (inbound-rtp / outbound-rtp), round trip and jitter, turned into the provider's warnings
 * (src/shared/voice/provider.ts) and a MOS estimate (a simplified ITU-T G.107 E-model, the usual
 * WebRTC rule of thumb). A warning is raised when it holds on two samples in a row (one slow second
 * is not a problem) and cleared on the first good sample.
 */
import { callQuality, type CallQuality, type QualityWarning } from '../../shared/voice/provider';

/** Cumulative counters of one audio connection at one moment. */
export interface MediaStats {
  readonly at: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  /** Seconds, as the inbound-rtp report gives it. */
  readonly jitter?: number;
  /** Seconds, of the selected candidate pair (or the remote-inbound report). */
  readonly roundTripTime?: number;
}

export const EMPTY_MEDIA_STATS: MediaStats = { at: 0, bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsLost: 0 };

type StatsEntry = Readonly<Record<string, unknown>>;

const num = (entry: StatsEntry | undefined, key: string): number | undefined => {
  const value = entry?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/** The audio counters of a stats report (an RTCStatsReport is a Map-like of id → entry). */
export function readMediaStats(report: { forEach(callback: (value: unknown) => void): void }, at: number): MediaStats {
  const entries: StatsEntry[] = [];
  report.forEach((value) => {
    if (typeof value === 'object' && value !== null) entries.push(value as StatsEntry);
  });
  const isAudio = (entry: StatsEntry) => entry['kind'] === 'audio' || entry['mediaType'] === 'audio';
  const inbound = entries.filter((entry) => entry['type'] === 'inbound-rtp' && isAudio(entry));
  const outbound = entries.filter((entry) => entry['type'] === 'outbound-rtp' && isAudio(entry));
  const sum = (list: readonly StatsEntry[], key: string) => list.reduce((total, entry) => total + (num(entry, key) ?? 0), 0);
  const transport = entries.find((entry) => entry['type'] === 'transport');
  const selectedPairId = transport?.['selectedCandidatePairId'];
  const pair =
    entries.find((entry) => entry['type'] === 'candidate-pair' && entry['id'] === selectedPairId) ??
    entries.find((entry) => entry['type'] === 'candidate-pair' && entry['nominated'] === true && entry['state'] === 'succeeded');
  const remoteInbound = entries.find((entry) => entry['type'] === 'remote-inbound-rtp' && isAudio(entry));
  const jitter = num(inbound[0], 'jitter');
  const roundTripTime = num(pair, 'currentRoundTripTime') ?? num(remoteInbound, 'roundTripTime');
  return {
    at,
    bytesReceived: sum(inbound, 'bytesReceived'),
    bytesSent: sum(outbound, 'bytesSent'),
    packetsReceived: sum(inbound, 'packetsReceived'),
    packetsLost: Math.max(0, sum(inbound, 'packetsLost')),
    ...(jitter === undefined ? {} : { jitter }),
    ...(roundTripTime === undefined ? {} : { roundTripTime }),
  };
}

export const QUALITY_THRESHOLDS = {
  /** Round trip above this (s) is audible delay. */
  roundTripTime: 0.4,
  /** Jitter above this (s). */
  jitter: 0.03,
  /** Lost packets above this share of the interval's packets. */
  packetLoss: 0.03,
  /** Estimated MOS below this (Twilio's threshold too). */
  mos: 3.5,
} as const;

/** Mean opinion score (1–4.5) from delay, jitter and loss. */
export function estimateMos(roundTripTime: number, jitter: number, lossFraction: number): number {
  const effectiveLatencyMs = (roundTripTime * 1000) / 2 + jitter * 1000 * 2 + 10;
  let r = effectiveLatencyMs < 160 ? 93.2 - effectiveLatencyMs / 40 : 93.2 - (effectiveLatencyMs - 120) / 10;
  r -= lossFraction * 100 * 2.5;
  r = Math.max(0, Math.min(100, r));
  return 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
}

/** What is wrong between two samples (`link` is the connection's state now). */
export function sampleWarnings(previous: MediaStats, current: MediaStats, connectivityLost: boolean, options: { readonly sending: boolean }): Set<QualityWarning> {
  const warnings = new Set<QualityWarning>();
  if (connectivityLost) warnings.add('connectivity_lost');
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  if (current.bytesReceived <= previous.bytesReceived) warnings.add('no_audio_received');
  if (options.sending && current.bytesSent <= previous.bytesSent) warnings.add('no_audio_sent');
  const lossFraction = received + lost > 0 ? lost / (received + lost) : 0;
  if (lossFraction > QUALITY_THRESHOLDS.packetLoss) warnings.add('packet_loss');
  if ((current.jitter ?? 0) > QUALITY_THRESHOLDS.jitter) warnings.add('jitter');
  if ((current.roundTripTime ?? 0) > QUALITY_THRESHOLDS.roundTripTime) warnings.add('latency');
  if (estimateMos(current.roundTripTime ?? 0, current.jitter ?? 0, lossFraction) < QUALITY_THRESHOLDS.mos) warnings.add('low_mos');
  return warnings;
}

/** Follows one connection's samples; `update` returns the new quality when it changed, else null. */
export class QualityTracker {
  private previous: MediaStats | null = null;
  private suspected = new Set<QualityWarning>();
  private active = new Set<QualityWarning>();
  private reported: string = callQuality([]).level + ':';

  update(stats: MediaStats, connectivityLost: boolean, options: { readonly sending: boolean } = { sending: true }): CallQuality | null {
    const previous = this.previous;
    this.previous = stats;
    if (previous === null) return null;
    const now = sampleWarnings(previous, stats, connectivityLost, options);
    // Connectivity is known at once; the others must hold for two samples.
    const next = new Set([...now].filter((warning) => warning === 'connectivity_lost' || this.suspected.has(warning)));
    this.suspected = now;
    this.active = next;
    const quality = callQuality(this.active);
    const key = `${quality.level}:${quality.warnings.join(',')}`;
    if (key === this.reported) return null;
    this.reported = key;
    return quality;
  }
}
