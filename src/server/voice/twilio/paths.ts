/** Where Twilio reaches us. Configure in Twilio: the phone numbers' voice URL and status callback, and the TwiML app's voice URL and status callback. */
import { contextQuery, type CallContext } from './call-context';

export const TWILIO_WEBHOOK_PREFIX = '/api/v1/voice/twilio';

export const TWILIO_PATHS = {
  /** Phone numbers' "A call comes in" webhook; also where a caller on hold comes back to. */
  inbound: '/inbound',
  /** The TwiML app's voice URL: calls placed by the softphone. */
  outbound: '/outbound',
  /** `<Dial action>`: what happens after the dialled leg ends. */
  dialResult: '/dial-result',
  /** Status callbacks: of the legs we dial (with context), and of the numbers and the TwiML app (without). */
  status: '/status',
  /** Recording status callbacks. */
  recording: '/recording',
} as const;

/** The absolute URL of a webhook, with the call context in its query when given. */
export function callbackUrl(publicUrl: string, path: string, context?: CallContext): string {
  const url = `${publicUrl}${TWILIO_WEBHOOK_PREFIX}${path}`;
  return context === undefined ? url : `${url}?${contextQuery(context)}`;
}
