/**
 * The TwiML documents we answer Twilio with, built with twilio's VoiceResponse. Every dialled leg asks
 * for status callbacks (answered, completed) whose URLs carry the call context, which is how call
 * records learn the agent, queue and timings (see call-record.ts).
 */
import twilio from 'twilio';
import type { Language } from '../../../shared/domain/common';
import type { CallContext } from './call-context';
import { callbackUrl, TWILIO_PATHS } from './paths';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** A public-domain hold track Twilio hosts for this purpose; the caller waits one play between tries. */
export const HOLD_MUSIC_URL = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3';
export const DEFAULT_CALLER_LANGUAGE: Language = 'pt-BR';

const MESSAGES: Readonly<Record<Language, Readonly<Record<'hold' | 'notInService' | 'invalidNumber' | 'unavailable', string>>>> = {
  en: {
    hold: 'All our agents are busy. Please hold, you will be answered shortly.',
    notInService: 'This number is not in service.',
    invalidNumber: 'The number you dialled is not valid.',
    unavailable: 'We cannot take your call right now. Please call again later.',
  },
  'pt-BR': {
    hold: 'Todos os nossos atendentes estão ocupados. Por favor, aguarde, você será atendido em breve.',
    notInService: 'Este número não está em serviço.',
    invalidNumber: 'O número discado não é válido.',
    unavailable: 'Não podemos atender sua ligação agora. Por favor, ligue mais tarde.',
  },
};

export interface TwimlOptions {
  /** The server's public base URL: every callback URL starts with it. */
  readonly publicUrl: string;
  /** Record answered calls (both channels) and report the recording to our callback. */
  readonly recordCalls: boolean;
}

/** Twilio's voices name a region: callers of an English queue hear US English. */
const SAY_LANGUAGES: Readonly<Record<Language, 'en-US' | 'pt-BR'>> = { en: 'en-US', 'pt-BR': 'pt-BR' };

const LEG_EVENTS: ('answered' | 'completed')[] = ['answered', 'completed'];

/** Rings one agent's softphone. The client gets the parent CallSid (its record's key) and the queue. */
export function ringAgentTwiml(options: TwimlOptions, context: CallContext, agentId: string, ringTimeoutSeconds: number): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({ ...dialAttributes(options, context), timeout: ringTimeoutSeconds });
  const legContext: CallContext = { ...context, agentId };
  const client = dial.client({ statusCallback: callbackUrl(options.publicUrl, TWILIO_PATHS.status, legContext), statusCallbackEvent: LEG_EVENTS });
  client.identity(agentId);
  client.parameter({ name: 'atendeCallSid', value: context.callSid });
  if (context.queueId !== undefined) client.parameter({ name: 'atendeQueueId', value: context.queueId });
  return response.toString();
}

/** Hold music, then back to routing (the inbound URL again, with the context so the wait keeps counting). */
export function holdTwiml(options: TwimlOptions, context: CallContext, language: Language, announce: boolean): string {
  const response = new twilio.twiml.VoiceResponse();
  if (announce) say(response, language, 'hold');
  response.play(HOLD_MUSIC_URL);
  response.redirect({ method: 'POST' }, callbackUrl(options.publicUrl, TWILIO_PATHS.inbound, context));
  return response.toString();
}

/** The softphone dials a number, showing our caller id. */
export function dialNumberTwiml(options: TwimlOptions, context: CallContext, callerId: string, number: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({ ...dialAttributes(options, context), callerId });
  dial.number({ statusCallback: callbackUrl(options.publicUrl, TWILIO_PATHS.status, context), statusCallbackEvent: LEG_EVENTS }, number);
  return response.toString();
}

/** The softphone calls a colleague's softphone (the caller id is the calling agent's client identity). */
export function dialColleagueTwiml(options: TwimlOptions, context: CallContext, peerUserId: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial(dialAttributes(options, context));
  const client = dial.client({ statusCallback: callbackUrl(options.publicUrl, TWILIO_PATHS.status, context), statusCallbackEvent: LEG_EVENTS });
  client.identity(peerUserId);
  client.parameter({ name: 'atendeCallSid', value: context.callSid });
  return response.toString();
}

export function messageAndHangupTwiml(language: Language, message: 'notInService' | 'invalidNumber' | 'unavailable'): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, message);
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

function dialAttributes(options: TwimlOptions, context: CallContext): Parameters<VoiceResponse['dial']>[0] & object {
  return {
    // The caller hears ringing (not silence) until the agent picks up, and is billed from then.
    answerOnBridge: true,
    action: callbackUrl(options.publicUrl, TWILIO_PATHS.dialResult, context),
    method: 'POST',
    ...(options.recordCalls
      ? {
          record: 'record-from-answer-dual' as const,
          recordingStatusCallback: callbackUrl(options.publicUrl, TWILIO_PATHS.recording, context),
          recordingStatusCallbackEvent: ['completed' as const],
        }
      : {}),
  };
}

function say(response: VoiceResponse, language: Language, message: keyof (typeof MESSAGES)[Language]): void {
  response.say({ language: SAY_LANGUAGES[language] }, MESSAGES[language][message]);
}
