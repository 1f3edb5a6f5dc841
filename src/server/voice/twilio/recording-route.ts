/**
 * `GET /api/v1/calls/:id/recording` (bearer auth): a call's recording, streamed from Twilio. Twilio's
 * media URLs need the account SID and auth token (HTTP basic auth): they stay here, and the client
 * gets only the bytes. Who may play a recording: whoever may read the calls collection.
 *
 * - 404 `not_found`: no such call, or it has no recording (`recordingRef`, a RecordingSid set by the
 *   recording callback).
 * - 503 `voice_unavailable`: Twilio is not configured on this server.
 * - 502 `recording_unavailable`: Twilio did not start answering within the timeout, could not be
 *   reached, or answered with an error (401/403, our credentials refused, are logged as errors).
 * - Range requests pass through, with Content-Type, Content-Length, Content-Range and Accept-Ranges of
 *   Twilio's answer, so a player can seek; 416 passes through too.
 *
 * Twilio may redirect to a short-lived storage URL: fetch follows it and drops our Authorization header
 * on the way to another origin (Fetch standard), so the credentials go to Twilio only.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FastifyInstance } from 'fastify';
import { COLLECTIONS } from '../../../shared/sync/collections';
import { CALL_RECORDING_ROUTE } from '../../../shared/voice/voice-api';
import { requireRole, requireUser } from '../../auth/bearer-auth';
import { readDocument, type Db } from '../../documents/document-store';
import { ApiError } from '../../http/api-error';
import { isRecordingSid } from './call-events';
import type { TwilioConfig } from './twilio-config';

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';
export const DEFAULT_RECORDING_TIMEOUT_MS = 15_000;

export interface RecordingSource {
  readonly config: Pick<TwilioConfig, 'accountSid' | 'authToken'>;
  /** Twilio's REST API origin (tests point it at a local fake). */
  readonly apiBaseUrl: string;
  /** How long Twilio may take to start answering (a body that stalls later is cut by Node's fetch body timeout, 5 min). */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** The media of a recording, as MP3 (smaller than the stored WAV, and every browser plays it). */
export function recordingMediaUrl(apiBaseUrl: string, accountSid: string, recordingSid: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Recordings/${encodeURIComponent(recordingSid)}.mp3`;
}

/** Byte ranges only, in the plain form players send; anything else is dropped (the whole file is served). */
const RANGE = /^bytes=\d*-\d*(?:,\s*\d*-\d*)*$/;
const RANGE_MAX = 200;

/** Response headers copied from Twilio's answer. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'] as const;

const params = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 128 } },
  required: ['id'],
} as const;

export function registerRecordingRoute(api: FastifyInstance, deps: { readonly db: Db; readonly source: RecordingSource | undefined }): void {
  api.get<{ Params: { id: string } }>(CALL_RECORDING_ROUTE, { schema: { params } }, async (request, reply) => {
    const user = requireUser(request);
    requireRole(user, COLLECTIONS.calls.readRoles, 'read calls');
    const stored = await readDocument(deps.db, COLLECTIONS.calls.name, request.params.id);
    const recordingSid = stored === undefined || stored.deleted ? undefined : stored.data['recordingRef'];
    if (!isRecordingSid(recordingSid)) throw new ApiError('not_found', 'This call has no recording');
    const source = deps.source;
    if (source === undefined) throw new ApiError('voice_unavailable', 'Telephony (Twilio) is not configured on this server');

    const { accountSid, authToken } = source.config;
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };
    const range = request.headers.range;
    if (typeof range === 'string' && range.length <= RANGE_MAX && RANGE.test(range)) headers.range = range;

    const upstream = new AbortController();
    // A player that goes away (seek, page closed) stops the download from Twilio too.
    reply.raw.on('close', () => {
      upstream.abort();
    });
    const timer = setTimeout(() => {
      upstream.abort(new Error(`no answer from Twilio within ${String(source.timeoutMs)} ms`));
    }, source.timeoutMs);
    let response: Response;
    try {
      response = await (source.fetch ?? fetch)(recordingMediaUrl(source.apiBaseUrl, accountSid, recordingSid), { headers, signal: upstream.signal, redirect: 'follow' });
    } catch (error) {
      request.log.warn({ err: error, callId: request.params.id, recordingSid }, 'recording fetch from Twilio failed');
      throw new ApiError('recording_unavailable', 'The recording could not be fetched from Twilio; try again later');
    } finally {
      clearTimeout(timer);
    }

    if (response.status === 416) {
      await response.body?.cancel();
      const contentRange = response.headers.get('content-range');
      if (contentRange !== null) void reply.header('content-range', contentRange);
      return reply.code(416).send();
    }
    if ((response.status !== 200 && response.status !== 206) || response.body === null) {
      await response.body?.cancel();
      // 401/403 mean our credentials were refused: a configuration problem the operator must see.
      const log = response.status === 401 || response.status === 403 ? request.log.error.bind(request.log) : request.log.warn.bind(request.log);
      log({ status: response.status, callId: request.params.id, recordingSid }, 'Twilio refused the recording download');
      throw new ApiError('recording_unavailable', `Twilio answered ${String(response.status)} for this recording`);
    }

    for (const name of PASSED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) void reply.header(name, value);
    }
    if (!response.headers.has('content-type')) void reply.header('content-type', 'audio/mpeg');
    // A recording is personal data: nothing on the way keeps a copy.
    void reply.header('cache-control', 'private, no-store');
    request.log.info({ userId: user.id, callId: request.params.id, recordingSid, status: response.status }, 'call recording served');
    return reply.code(response.status).send(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>));
  });
}
