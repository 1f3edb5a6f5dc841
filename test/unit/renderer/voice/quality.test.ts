import { describe, expect, it } from 'vitest';
import { QualityTracker, estimateMos, readMediaStats, sampleWarnings, type MediaStats } from '../../../../src/renderer/voice/quality';
import { dtmfSchedule } from '../../../../src/renderer/voice/dtmf';

const sample = (at: number, bytes: number, extra: Partial<MediaStats> = {}): MediaStats => ({ at, bytesReceived: bytes, bytesSent: bytes, packetsReceived: bytes / 100, packetsLost: 0, ...extra });

describe('readMediaStats', () => {
  it('takes the audio counters of inbound-rtp and outbound-rtp and the selected pair’s round trip', () => {
    const report = new Map<string, Record<string, unknown>>([
      ['in', { id: 'in', type: 'inbound-rtp', kind: 'audio', bytesReceived: 4000, packetsReceived: 50, packetsLost: 2, jitter: 0.004 }],
      ['vin', { id: 'vin', type: 'inbound-rtp', kind: 'video', bytesReceived: 99999 }],
      ['out', { id: 'out', type: 'outbound-rtp', kind: 'audio', bytesSent: 3000 }],
      ['t', { id: 't', type: 'transport', selectedCandidatePairId: 'p2' }],
      ['p1', { id: 'p1', type: 'candidate-pair', currentRoundTripTime: 0.9 }],
      ['p2', { id: 'p2', type: 'candidate-pair', currentRoundTripTime: 0.05 }],
    ]);
    expect(readMediaStats(report, 10)).toEqual({ at: 10, bytesReceived: 4000, bytesSent: 3000, packetsReceived: 50, packetsLost: 2, jitter: 0.004, roundTripTime: 0.05 });
  });

  it('reads an empty report as no traffic', () => {
    expect(readMediaStats(new Map(), 1)).toEqual({ at: 1, bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsLost: 0 });
  });
});

describe('quality', () => {
  it('estimates a good MOS for a clean line and a poor one for a lossy, slow line', () => {
    expect(estimateMos(0.05, 0.002, 0)).toBeGreaterThan(4.2);
    expect(estimateMos(0.8, 0.05, 0.1)).toBeLessThan(3);
  });

  it('names what is wrong between two samples', () => {
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 5000), false, { sending: true })]).toEqual([]);
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 1000), false, { sending: true })].sort()).toEqual(['no_audio_received', 'no_audio_sent']);
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 5000, { packetsLost: 10 }), false, { sending: true })]).toContain('packet_loss');
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 5000, { roundTripTime: 0.6 }), false, { sending: true })]).toContain('latency');
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 5000, { jitter: 0.05 }), false, { sending: true })]).toContain('jitter');
    expect([...sampleWarnings(sample(0, 1000), sample(1000, 5000), true, { sending: true })]).toEqual(['connectivity_lost']);
  });

  it('raises a warning after two bad samples, clears it at the first good one, and reports only changes', () => {
    const tracker = new QualityTracker();
    expect(tracker.update(sample(0, 1000), false)).toBeNull();
    expect(tracker.update(sample(1000, 2000, { jitter: 0.05 }), false)).toBeNull();
    expect(tracker.update(sample(2000, 3000, { jitter: 0.05 }), false)).toEqual({ level: 'degraded', warnings: ['jitter'] });
    expect(tracker.update(sample(3000, 4000, { jitter: 0.05 }), false)).toBeNull();
    expect(tracker.update(sample(4000, 5000), false)).toEqual({ level: 'good', warnings: [] });
    // Connectivity counts at once.
    expect(tracker.update(sample(5000, 6000), true)).toEqual({ level: 'bad', warnings: ['connectivity_lost'] });
  });
});

describe('dtmfSchedule', () => {
  it('plays each key as its two frequencies, with gaps, and `w` as a half-second pause', () => {
    const { tones, totalSeconds } = dtmfSchedule('1w#');
    expect(tones.map(([at, duration, frequencies]) => [Number(at.toFixed(2)), duration, frequencies])).toEqual([
      [0, 0.1, [697, 1209]],
      [0.67, 0.1, [941, 1477]],
    ]);
    expect(totalSeconds).toBeCloseTo(0.84);
  });
});
