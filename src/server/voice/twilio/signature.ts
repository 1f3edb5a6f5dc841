/**
 * Every Twilio webhook must carry a valid `X-Twilio-Signature`: an HMAC of the exact URL Twilio
 * requested and the posted fields, keyed with the account's auth token. The URL is rebuilt from the
 * configured public base URL (the server may sit behind a proxy that changes host, scheme and port)
 * and the path and query as received. The query is covered by the signature, which is what lets the
 * callback URLs we hand to Twilio carry call context safely.
 */
import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { FormFields } from './form-body';

export const SIGNATURE_HEADER = 'x-twilio-signature';

/** The URL Twilio signed for this request. */
export function signedUrl(publicUrl: string, request: Pick<FastifyRequest, 'url'>): string {
  return `${publicUrl}${request.url}`;
}

export function hasValidSignature(authToken: string, publicUrl: string, request: Pick<FastifyRequest, 'url' | 'headers' | 'body'>): boolean {
  const signature = request.headers[SIGNATURE_HEADER];
  if (typeof signature !== 'string' || signature === '') return false;
  const params = isFormFields(request.body) ? request.body : {};
  return twilio.validateRequest(authToken, signature, signedUrl(publicUrl, request), params);
}

function isFormFields(body: unknown): body is FormFields {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
