/**
 * `POST /api/v1/voice/token`: a Twilio Access Token with a Voice grant for the signed-in user, so the
 * softphone can register for incoming calls and place calls through our TwiML app. Its identity is the
 * user id (what inbound routing dials as `<Client>`), and it expires with the session token that asked
 * for it: the shift the session covers, and never longer, so signing out (or a removed account) also
 * ends telephony at the latest when the session would have. The client refreshes both together.
 */
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import twilio from 'twilio';
import { requireUser } from '../../auth/bearer-auth';
import type { Clock } from '../../clock';
import { ApiError } from '../../http/api-error';
import { VOICE_TOKEN_PATH, type VoiceTokenResponse } from '../../../shared/voice/voice-api';
import type { TwilioConfig } from './twilio-config';

// The path and body live in src/shared/voice/voice-api.ts so the renderer imports the same ones.
export { VOICE_TOKEN_PATH, type VoiceTokenResponse };


/** Twilio refuses access tokens valid for longer than 24 hours. */
export const MAX_VOICE_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** A session about to expire still gets a usable token; the client refreshes both right after. */
export const MIN_VOICE_TOKEN_TTL_SECONDS = 60;


export function voiceTokenTtlSeconds(sessionExpiresAt: Date, now: Date): number {
  const remaining = Math.floor((sessionExpiresAt.getTime() - now.getTime()) / 1000);
  return Math.min(MAX_VOICE_TOKEN_TTL_SECONDS, Math.max(MIN_VOICE_TOKEN_TTL_SECONDS, remaining));
}

export function createVoiceToken(config: TwilioConfig, identity: string, ttlSeconds: number): string {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(config.accountSid, config.apiKeySid, config.apiKeySecret, { identity, ttl: ttlSeconds });
  token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: config.twimlAppSid, incomingAllow: true }));
  return token.toJwt();
}

export function registerVoiceTokenRoute(api: FastifyInstance, config: TwilioConfig | undefined, clock: Clock): void {
  api.post(VOICE_TOKEN_PATH, (request, reply) => {
    const user = requireUser(request);
    if (config === undefined) throw new ApiError('voice_unavailable', 'Telephony (Twilio) is not configured on this server');
    const token = createVoiceToken(config, user.id, voiceTokenTtlSeconds(user.expiresAt, clock.now()));
    // Twilio's library stamps the token with the system time; report the expiry it actually wrote.
    const { exp } = decodeJwt(token);
    if (exp === undefined) throw new Error('the Twilio access token has no expiry');
    request.log.info({ userId: user.id }, 'voice token issued');
    const body: VoiceTokenResponse = { token, identity: user.id, expiresAt: new Date(exp * 1000).toISOString() };
    return reply.send(body);
  });
}
