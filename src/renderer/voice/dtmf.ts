/** DTMF tones as played in-band (when a connection has no RTCDTMFSender): which frequencies, when. */

/** DTMF frequencies (Hz): row and column of each key. */
export const DTMF_FREQUENCIES: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
};
const DTMF_TONE_S = 0.1;
const DTMF_GAP_S = 0.07;
const DTMF_PAUSE_S = 0.5;

/** The schedule of a DTMF string: [start, duration, frequencies] per tone, in seconds from now. */
export function dtmfSchedule(digits: string): { readonly tones: readonly (readonly [number, number, readonly [number, number]])[]; readonly totalSeconds: number } {
  const tones: [number, number, readonly [number, number]][] = [];
  let at = 0;
  for (const digit of digits) {
    if (digit === 'w') {
      at += DTMF_PAUSE_S;
      continue;
    }
    const frequencies = DTMF_FREQUENCIES[digit];
    if (frequencies === undefined) continue;
    tones.push([at, DTMF_TONE_S, frequencies]);
    at += DTMF_TONE_S + DTMF_GAP_S;
  }
  return { tones, totalSeconds: at };
}
