/**
 * Downloads a call's recording from our server (`GET /api/v1/calls/:id/recording`, the user's bearer
 * token) as a Blob the player shows through a blob: URL: an <audio> element cannot send the token
 * itself, and the CSP's media-src allows blob:. Twilio's credentials never reach the renderer: the
 * server fetches the media. Every failure is one stable problem the UI words.
 */
import { isApiErrorBody } from '../../../shared/sync/api-errors';
import { callRecordingPath } from '../../../shared/voice/voice-api';
import { apiUrl, type FetchLike } from '../../data/api';

/** Locale keys under `calls.recording.problem.`. */
export type RecordingProblem = 'offline' | 'not_found' | 'unavailable' | 'voice_unavailable' | 'unauthorized' | 'failed';

export class RecordingLoadError extends Error {
  override readonly name = 'RecordingLoadError';

  constructor(readonly problem: RecordingProblem) {
    super(`recording could not be loaded: ${problem}`);
  }
}

/** How long the server may take to start answering (it gives Twilio 15 s and then answers 502). */
const ANSWER_TIMEOUT_MS = 30_000;

export async function loadRecording(fetchFn: FetchLike, serverUrl: string, token: string, callId: string, signal: AbortSignal): Promise<Blob> {
  const request = new AbortController();
  const forward = () => {
    request.abort(signal.reason);
  };
  signal.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => {
    request.abort(new Error('the server did not answer in time'));
  }, ANSWER_TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await fetchFn(apiUrl(serverUrl, callRecordingPath(callId)), { headers: { authorization: `Bearer ${token}` }, signal: request.signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RecordingLoadError('offline');
    } finally {
      // The download itself may take a while for a long call: only the answer is timed.
      clearTimeout(timer);
    }
    if (!response.ok) throw new RecordingLoadError(problemOf(response.status, await errorCodeOf(response)));
    try {
      return await response.blob();
    } catch (error) {
      if (signal.aborted) throw error;
      // The connection dropped mid-download.
      throw new RecordingLoadError('offline');
    }
  } finally {
    signal.removeEventListener('abort', forward);
  }
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.json();
    return isApiErrorBody(body) ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

function problemOf(status: number, code: string | undefined): RecordingProblem {
  if (status === 401) return 'unauthorized';
  if (code === 'not_found' || status === 404) return 'not_found';
  if (code === 'voice_unavailable') return 'voice_unavailable';
  if (code === 'recording_unavailable') return 'unavailable';
  return 'failed';
}
