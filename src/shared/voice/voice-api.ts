/** The server's voice HTTP routes as the renderer calls them (paths and response bodies). */

/** `POST`: a Twilio Access Token (Voice grant) for the signed-in user. */
export const VOICE_TOKEN_PATH = '/api/v1/voice/token';

export interface VoiceTokenResponse {
  readonly token: string;
  /** The Twilio client identity: the user's id. */
  readonly identity: string;
  readonly expiresAt: string;
}

/** Route patterns (Fastify syntax) for holding and resuming a Twilio call by the agent's leg. */
export const VOICE_HOLD_ROUTE = '/api/v1/voice/calls/:callSid/hold';
export const VOICE_RESUME_ROUTE = '/api/v1/voice/calls/:callSid/resume';

/** `POST`, no body, 204: puts the other party of the agent's leg `callSid` on hold with music. */
export function voiceHoldPath(callSid: string): string {
  return VOICE_HOLD_ROUTE.replace(':callSid', encodeURIComponent(callSid));
}

/** `POST`, no body, 204: bridges the agent's leg with the party it put on hold. */
export function voiceResumePath(callSid: string): string {
  return VOICE_RESUME_ROUTE.replace(':callSid', encodeURIComponent(callSid));
}

/**
 * `GET`, bearer auth: a call's recording (audio bytes, Range requests honoured), fetched by the server
 * from the provider with credentials the client never sees. 404 when the call has no recording.
 */
export const CALL_RECORDING_ROUTE = '/api/v1/calls/:id/recording';

export function callRecordingPath(callId: string): string {
  return CALL_RECORDING_ROUTE.replace(':id', encodeURIComponent(callId));
}
